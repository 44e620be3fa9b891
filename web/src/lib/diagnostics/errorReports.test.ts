/**
 * Error reports: nothing is sent without an endpoint or without the user's consent, a report never
 * holds the user's input (nor anything quoted), repeats and floods are held back, and the choice is
 * remembered.
 */
import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../engine/contract';
import type { Failure } from './diagnostics.svelte';
import { ErrorReporter } from './errorReporter.svelte';
import {
  browserReporterEnvironment,
  MAX_MESSAGE_CHARS,
  MAX_REPORTS_PER_PAGE,
  REDACTED,
  reportOf,
  scrub,
  type PrivateInput,
  type ReportContext,
  type ReporterEnvironment,
} from './errorReports';

const ENDPOINT = 'https://errors.example.org/pyregex';

const INFO: EngineInfo = {
  python: '3.14.2 (main)',
  pyodide: '314.0.7',
  pyregex: '0.1.0',
  boot: { from: 'snapshot', problem: null },
};

const INPUT: PrivateInput = {
  pattern: '(?P<secret>hunter2)',
  text: 'my password is hunter2\nsecond line of private notes',
  replacement: 'REPLACED-WITH',
};

const CONTEXT: ReportContext = {
  info: INFO,
  input: INPUT,
  userAgent: 'TestBrowser/1',
  isolated: true,
};

function failure(message: string, kind = 'uncaught error'): Failure {
  return { at: 1_000, source: 'page', kind, message, runtime: null };
}

/** An environment that records what would be sent and saved. */
function fakeEnvironment(saved: boolean | null = null) {
  const sent: Array<{ endpoint: string; body: string }> = [];
  const choices: boolean[] = [];
  const env: ReporterEnvironment = {
    loadChoice: () => saved,
    saveChoice: (on) => choices.push(on),
    send: (endpoint, body) => sent.push({ endpoint, body }),
  };
  return { env, sent, choices };
}

describe('scrub', () => {
  it('cuts out every field of the input, whole and line by line', () => {
    const message =
      'TypeError at (?P<secret>hunter2): saw second line of private notes, then REPLACED-WITH';
    const out = scrub(message, INPUT);
    expect(out).toBe(`TypeError at ${REDACTED}: saw ${REDACTED}, then ${REDACTED}`);
    for (const secret of ['hunter2', 'private notes', 'REPLACED'])
      expect(out).not.toContain(secret);
  });

  it('cuts out anything quoted, since runtimes quote the values they fail on', () => {
    expect(scrub(`KeyError: 'abc' and "def" and \`ghi\``, INPUT)).toBe(
      `KeyError: ${REDACTED} and ${REDACTED} and ${REDACTED}`,
    );
  });

  it('leaves short, common pieces alone and cuts long messages', () => {
    const input = { pattern: 'a', text: 'is', replacement: '' };
    expect(scrub('this is a message', input)).toBe('this is a message');
    const long = scrub('x'.repeat(MAX_MESSAGE_CHARS * 2), input);
    expect(long).toHaveLength(MAX_MESSAGE_CHARS + 1);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('reportOf', () => {
  it('holds the failure, versions and browser, and never the input or the address', () => {
    const report = reportOf(failure('Error: broke near hunter2'), CONTEXT);
    expect(report).toEqual({
      app: 'pyregex',
      engine: { python: '3.14.2 (main)', pyodide: '314.0.7', pyregex: '0.1.0' },
      source: 'page',
      kind: 'uncaught error',
      message: `Error: broke near ${REDACTED}`,
      at: 1_000,
      userAgent: 'TestBrowser/1',
      isolated: true,
    });
    const json = JSON.stringify(report);
    expect(json).not.toContain('hunter2');
    expect(json).not.toMatch(/https?:|#v1=/);
  });
});

describe('ErrorReporter', () => {
  it('without an endpoint: unavailable, never on, never sends', () => {
    const { env, sent } = fakeEnvironment(true);
    const reporter = new ErrorReporter('', env);
    expect(reporter.available).toBe(false);
    expect(reporter.on).toBe(false);
    reporter.on = true;
    expect(reporter.on).toBe(false);
    expect(reporter.report(failure('boom'), CONTEXT)).toBe(false);
    expect(sent).toEqual([]);
  });

  it('with an endpoint: off by default, sends nothing until the user turns it on', () => {
    const { env, sent, choices } = fakeEnvironment(null);
    const reporter = new ErrorReporter(ENDPOINT, env);
    expect(reporter.available).toBe(true);
    expect(reporter.host).toBe('errors.example.org');
    expect(reporter.on).toBe(false);
    expect(reporter.report(failure('boom'), CONTEXT)).toBe(false);
    expect(sent).toEqual([]);

    reporter.on = true;
    expect(choices).toEqual([true]);
    expect(reporter.report(failure('boom near hunter2'), CONTEXT)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.endpoint).toBe(ENDPOINT);
    expect(JSON.parse(sent[0]?.body ?? '')).toMatchObject({ message: `boom near ${REDACTED}` });

    reporter.on = false;
    expect(choices).toEqual([true, false]);
    expect(reporter.report(failure('another'), CONTEXT)).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('remembers the choice: a saved "on" starts on, a saved "off" starts off', () => {
    expect(new ErrorReporter(ENDPOINT, fakeEnvironment(true).env).on).toBe(true);
    expect(new ErrorReporter(ENDPOINT, fakeEnvironment(false).env).on).toBe(false);
  });

  it(`sends each failure once and at most ${MAX_REPORTS_PER_PAGE} per page`, () => {
    const { env, sent } = fakeEnvironment(true);
    const reporter = new ErrorReporter(ENDPOINT, env);
    expect(reporter.report(failure('same'), CONTEXT)).toBe(true);
    expect(reporter.report(failure('same'), CONTEXT)).toBe(false);
    for (let i = 0; i < MAX_REPORTS_PER_PAGE * 2; i += 1) {
      reporter.report(failure(`failure number ${i}`), CONTEXT);
    }
    expect(sent).toHaveLength(MAX_REPORTS_PER_PAGE);
  });
});

describe('browserReporterEnvironment', () => {
  /** A Map behind the Storage methods the environment uses. */
  function mapStorage(): Storage {
    const map = new Map<string, string>();
    return {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      removeItem: (key: string) => void map.delete(key),
    } as unknown as Storage;
  }

  it('remembers the choice in storage, opened once', () => {
    const storage = mapStorage();
    let opens = 0;
    const env = browserReporterEnvironment(() => {
      opens += 1;
      return storage;
    });
    expect(env.loadChoice()).toBeNull();
    env.saveChoice(true);
    expect(env.loadChoice()).toBe(true);
    env.saveChoice(false);
    expect(env.loadChoice()).toBe(false);
    expect(browserReporterEnvironment(() => storage).loadChoice()).toBe(false);
    expect(opens).toBe(1);
  });

  it('without usable storage: no saved choice, and saving does not throw', () => {
    const env = browserReporterEnvironment(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect(env.loadChoice()).toBeNull();
    expect(() => env.saveChoice(true)).not.toThrow();
    expect(env.loadChoice()).toBeNull();
  });
});
