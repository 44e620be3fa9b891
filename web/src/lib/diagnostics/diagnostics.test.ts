import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../engine/contract';
import { initialLifecycle, type Lifecycle } from '../engine/lifecycle';
import { bugReport, MAX_REPORTED_TEXT, type ReportContext } from './bugReport';
import { Diagnostics, failurePlace, KEEP } from './diagnostics.svelte';

const INFO: EngineInfo = {
  python: '3.14.2 (main, Jan 1 2026)',
  pyodide: '314.0.7',
  pyregex: '0.1.0',
  boot: { from: 'fresh', problem: null },
};
const READY: Lifecycle = { kind: 'ready', attempt: 1, info: INFO };
const LOADING: Lifecycle = initialLifecycle();

function clock(start = Date.UTC(2026, 10, 23, 12, 0, 0)) {
  let t = start;
  return () => (t += 1000);
}

describe('Diagnostics', () => {
  it('records engine crashes, failed starts and an unusable snapshot as failures', () => {
    const d = new Diagnostics(clock());
    d.recordTransition('3.14', READY, {
      type: 'loaded',
      attempt: 1,
      info: { ...INFO, boot: { from: 'fresh', problem: 'Snapshot has invalid magic number' } },
    });
    d.recordTransition('3.14', LOADING, {
      type: 'workerCrashed',
      attempt: 1,
      message: 'RangeError: oom',
    });
    d.recordTransition(
      '3.14',
      { kind: 'failed', attempt: 2, error: 'x', canRetry: true },
      {
        type: 'loadFailed',
        attempt: 2,
        error: 'Could not install pyregex',
        canRetry: true,
      },
    );
    expect(d.failures.map((f) => [f.source, f.kind, f.message])).toEqual([
      ['engine', 'saved snapshot unusable', 'Snapshot has invalid magic number'],
      ['engine', 'engine crashed', 'RangeError: oom'],
      ['engine', 'engine failed to start', 'Could not install pyregex'],
    ]);
    expect(d.history.map((s) => [s.event, s.state])).toEqual([
      ['loaded', 'ready'],
      ['workerCrashed', 'loading'],
      ['loadFailed', 'failed'],
    ]);
  });

  it('names the CPython of each engine that loads, and a runtime without snapshots', () => {
    const d = new Diagnostics(clock());
    d.recordTransition('3.11', READY, {
      type: 'loaded',
      attempt: 1,
      info: {
        ...INFO,
        python: '3.11.3 (main)',
        boot: { from: 'fresh', problem: null, snapshots: false },
      },
    });
    d.recordTransition('3.12', READY, {
      type: 'loaded',
      attempt: 1,
      info: { ...INFO, python: '3.12.7 (main)' },
    });
    expect(d.history.map((s) => [s.runtime, s.detail])).toEqual([
      ['3.11', 'Python 3.11.3, booted afresh (this runtime has no snapshots)'],
      ['3.12', 'Python 3.12.7, booted afresh'],
    ]);
  });

  it('records the engine running out of memory, and a restart to free memory, as failures', () => {
    const d = new Diagnostics(clock());
    const restarting = { kind: 'restarting', attempt: 2, reason: 'memory', detail: null } as const;
    d.recordTransition('3.14', restarting, {
      type: 'workerCrashed',
      attempt: 1,
      message: 'The Python engine ran out of memory: MemoryError',
      outOfMemory: true,
    });
    d.recordTransition('3.14', restarting, {
      type: 'restart',
      reason: 'memory',
      detail: "The last run grew the engine's memory to 1.3 GB, which it cannot give back.",
    });
    expect(d.failures.map((f) => [f.kind, f.message])).toEqual([
      ['engine ran out of memory', 'The Python engine ran out of memory: MemoryError'],
      [
        'engine restarted to free memory',
        "The last run grew the engine's memory to 1.3 GB, which it cannot give back.",
      ],
    ]);
  });

  it('says which version an engine failure and each step came from, and none for the page', () => {
    const d = new Diagnostics(clock());
    d.recordTransition('3.14', READY, { type: 'loaded', attempt: 1, info: INFO });
    d.recordTransition('3.12', LOADING, {
      type: 'workerCrashed',
      attempt: 1,
      message: 'RangeError: oom',
    });
    d.record('page', 'uncaught error', 'TypeError: x');
    expect(d.history.map((s) => [s.runtime, s.event])).toEqual([
      ['3.14', 'loaded'],
      ['3.12', 'workerCrashed'],
    ]);
    expect(d.failures.map((f) => [failurePlace(f), f.kind])).toEqual([
      ['engine (Python 3.12)', 'engine crashed'],
      ['page', 'uncaught error'],
    ]);
  });

  it('keeps routine steps (each run, each progress report) out of the history', () => {
    const d = new Diagnostics(clock());
    d.recordTransition('3.14', READY, { type: 'runStarted', runId: 1, at: 0 });
    d.recordTransition('3.14', READY, { type: 'runFinished', runId: 1 });
    d.recordTransition('3.14', READY, { type: 'restart', reason: 'deadline' });
    expect(d.history.map((s) => [s.event, s.detail])).toEqual([['restart', 'deadline']]);
    expect(d.failures).toEqual([]);
  });

  it(`keeps the newest ${KEEP} entries of each kind`, () => {
    const d = new Diagnostics(clock());
    for (let i = 0; i < KEEP + 7; i++) d.record('page', 'uncaught error', `error ${i}`);
    expect(d.failures).toHaveLength(KEEP);
    expect(d.failures[0]?.message).toBe('error 7');
    expect(d.failures.at(-1)?.message).toBe(`error ${KEEP + 6}`);
  });

  it('records uncaught errors and unhandled rejections from the window until stopped', () => {
    const d = new Diagnostics(clock());
    const target = new EventTarget();
    const stop = d.listen(target as unknown as Window);
    const error = Object.assign(new Event('error'), {
      error: new TypeError('x is undefined'),
      message: 'x is undefined',
      filename: 'https://pyregex.test/assets/index.js',
      lineno: 3,
      colno: 14,
    });
    target.dispatchEvent(error);
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'nope' }));
    stop();
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'later' }));
    expect(d.failures.map((f) => [f.kind, f.message])).toEqual([
      ['uncaught error', 'TypeError: x is undefined (https://pyregex.test/assets/index.js:3:14)'],
      ['unhandled rejection', 'nope'],
    ]);
  });
});

describe('bugReport', () => {
  const context = (more: Partial<ReportContext> = {}): ReportContext => ({
    failures: [
      {
        at: 0,
        source: 'engine',
        kind: 'engine crashed',
        message: 'RangeError: oom',
        runtime: '3.12',
      },
    ],
    history: [{ at: 0, runtime: '3.14', state: 'ready', event: 'loaded', detail: 'booted afresh' }],
    info: INFO,
    url: 'https://pyregex.test/app/?x=1#s=SECRET-STATE',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
    isolated: true,
    now: Date.UTC(2026, 10, 23),
    input: null,
    ...more,
  });

  it('says what broke, in which versions and browser, and leaves the input out', () => {
    const report = bugReport(context());
    expect(report).toContain(
      '- engine: Python 3.14.2, Pyodide 314.0.7, pyregex 0.1.0, booted afresh',
    );
    expect(report).toContain('- browser: Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
    expect(report).toContain('- cross-origin isolated: yes');
    expect(report).toContain('engine (Python 3.12) · engine crashed: RangeError: oom');
    expect(report).toContain('Python 3.14 · loaded → ready (booted afresh)');
    expect(report).toContain('### Input\n\nNot included.');
    // The permalink fragment (and query) would carry the user's pattern and text.
    expect(report).toContain('- page: https://pyregex.test/app/\n');
    expect(report).not.toContain('SECRET');
  });

  it('includes the input only when asked, fenced so that backticks cannot break out', () => {
    const input = {
      pattern: 'a```b',
      flags: 'im',
      op: 'sub',
      text: 'my ``` text',
      replacement: '\\1',
    };
    const report = bugReport(context({ input }));
    expect(report).toContain('Operation `sub`, flags `im`.');
    expect(report).toContain('````\na```b\n````');
    expect(report).toContain('````\nmy ``` text\n````');
    expect(report).toContain('Replacement:\n\n```\n\\1\n```');
    expect(bugReport(context())).not.toContain('a```b');
  });

  it('cuts a huge text and says so', () => {
    const text = 'x'.repeat(MAX_REPORTED_TEXT + 5);
    const report = bugReport(
      context({ input: { pattern: 'x', flags: '', op: 'finditer', text, replacement: null } }),
    );
    expect(report).toContain(
      `the first ${MAX_REPORTED_TEXT} of ${MAX_REPORTED_TEXT + 5} characters`,
    );
    expect(report.length).toBeLessThan(MAX_REPORTED_TEXT + 2000);
  });

  it('says so when the engine is not running and nothing failed', () => {
    const report = bugReport(context({ info: null, failures: [], history: [] }));
    expect(report).toContain('- engine: not running');
    expect(report).toContain('None recorded.');
  });
});
