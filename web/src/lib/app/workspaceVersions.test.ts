/**
 * Choosing another CPython version: the workspace, over CurrentEngine and a pool of fake engines
 * (one per version), asks everything again of the new version's engine, keeps the results in view
 * greyed until it answers, and never mistakes one engine's answer for another's, though each
 * engine numbers its runs from 1.
 */
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseResult, SuiteResult } from '../engine/contract';
import { tableSuccess } from '../engine/testing/successes';
import { DEFAULT_SESSION, type Session, type TestCase } from '../state/session';
import { CurrentEngine } from './currentEngine.svelte';
import { FakePool, type FakeEngine } from './fakeEngine.svelte';
import { Workspace } from './workspace.svelte';

let pool: FakePool;
let workspace: Workspace;
let disconnect: () => void;

const START: Session = { ...DEFAULT_SESSION, pattern: String.raw`a\z`, text: 'a', op: 'search' };

function start(session: Session = START): void {
  pool = new FakePool(session.python);
  workspace = new Workspace(new CurrentEngine(pool), session);
  disconnect = workspace.connect();
  flushSync();
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  disconnect();
  vi.useRealTimers();
});

async function pause(ms = 200): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  flushSync();
}

const engineOf = (key: string): FakeEngine => pool.engines.get(key)!;

/** `engine` answers its newest request: one match of 'a' at 0, computed by `python`. */
function matchOn(engine: FakeEngine, python: string): void {
  engine.finish({
    kind: 'done',
    result: tableSuccess(
      {
        ok: true,
        op: 'search',
        python,
        matches: [
          {
            span: [0, 1],
            span16: [0, 1],
            groups: [{ index: 0, name: null, span: [0, 1], span16: [0, 1], value: 'a' }],
          },
        ],
        truncated: false,
        output: {
          repr: "<re.Match object; span=(0, 1), match='a'>",
          value: null,
          truncated: false,
        },
        groupCount: 0,
        groupNames: {},
        flags: ['UNICODE'],
        warnings: [],
        elapsedMs: 0.1,
      },
      'a',
    ),
  });
}

/** `engine` answers its newest request with CPython 3.12's error for `\z`. */
function badEscapeOn(engine: FakeEngine): void {
  engine.finish({
    kind: 'done',
    result: {
      ok: false,
      error: {
        type: 'error',
        where: 'pattern',
        message: 'bad escape \\z at position 1',
        pos: 1,
        pos16: 1,
        lineno: 1,
        colno: 2,
      },
    },
  });
}

function suiteResult(status: CaseResult['status'], python: string): SuiteResult {
  const ok = status === 'pass';
  return {
    passed: ok ? 1 : 0,
    failed: ok ? 0 : 1,
    python,
    error: null,
    elapsedMs: 1,
    cases: [
      {
        index: 0,
        name: null,
        ok,
        status,
        expected: { expect: 'match' },
        actual: { matched: ok, groups: ok ? { 0: 'a' } : {}, output: null, outputRepr: 'None' },
        message: ok ? '' : 'Expected a match; re.search found none.',
        elapsedMs: 0.1,
      },
    ],
  };
}

describe('Choosing a Python version', () => {
  it('asks the new version’s engine for the run, the suite, the explanation and the code', async () => {
    start({ ...START, tests: [{ text: 'a', expect: 'match' }] });
    await pause();
    const first = engineOf('3.14');
    expect(first.submitted).toHaveLength(1);
    expect(first.suites).toHaveLength(1);
    expect(first.explained).toHaveLength(1);
    expect(first.coded).toHaveLength(1);

    workspace.setPython('3.12');
    flushSync();
    await pause();
    expect(pool.selected).toBe('3.12');
    const chosen = engineOf('3.12');
    expect(chosen.submitted).toEqual([workspace.request]);
    expect(chosen.suites).toHaveLength(1);
    expect(chosen.suites[0]!.tests).toBe(workspace.tests);
    expect(chosen.explained).toEqual([{ pattern: String.raw`a\z`, flags: '' }]);
    expect(chosen.coded).toEqual([workspace.request]);
    // Nothing more for the engine left behind, and edits now go to the chosen one only.
    expect(first.submitted).toHaveLength(1);
    expect(first.suites).toHaveLength(1);
    workspace.setText('aa');
    await pause();
    expect(chosen.submitted.at(-1)).toMatchObject({ text: 'aa' });
    expect(first.submitted).toHaveLength(1);
  });

  it('keeps the last results in view, greyed, until the new engine answers, then shows its own', async () => {
    start();
    await pause();
    matchOn(engineOf('3.14'), '3.14.2 (main)');
    flushSync();
    expect(workspace.view.stale).toBe(false);
    expect(workspace.matches).toHaveLength(1);

    workspace.setPython('3.12');
    await pause();
    // The 3.12 engine is still booting: 3.14's match stays, greyed, and no error yet.
    expect(workspace.shown?.result.python).toBe('3.14.2 (main)');
    expect(workspace.view.stale).toBe(true);
    expect(workspace.patternError).toBeNull();

    badEscapeOn(engineOf('3.12'));
    flushSync();
    expect(workspace.view.stale).toBe(false);
    expect(workspace.patternError).toEqual({ pos16: 1, message: 'bad escape \\z at position 1' });
    expect(workspace.matches).toHaveLength(0);

    // Back on 3.14: the same engine as before (no new one), asked again; 3.12's error shows,
    // greyed, until it answers; 3.14's old answer (an older run) does not pass for the new one.
    workspace.setPython('3.14');
    await pause();
    expect(pool.engines.size).toBe(2);
    expect(engineOf('3.14').submitted).toHaveLength(2);
    expect(workspace.view).toMatchObject({ stale: true, shown: null });
    expect(workspace.view.error?.message).toBe('bad escape \\z at position 1');
    matchOn(engineOf('3.14'), '3.14.2 (main)');
    flushSync();
    expect(workspace.view).toMatchObject({ stale: false, error: null });
    expect(workspace.matches).toHaveLength(1);
  });

  it('tells the verdicts of two engines apart, though both number their runs from 1', async () => {
    const cases: TestCase[] = [{ text: 'a', expect: 'match' }];
    start({ ...START, tests: cases });
    await pause();
    engineOf('3.14').finishSuite({ kind: 'done', result: suiteResult('pass', '3.14.2') });
    flushSync();
    expect(workspace.suite.statusOf(workspace.tests[0]!)).toBe('pass');

    workspace.setPython('3.12');
    await pause();
    expect(engineOf('3.12').latestSuiteId).toBe(1);
    expect(workspace.suite.running).toBe(true);
    expect(workspace.suite.stale).toBe(true);
    engineOf('3.12').finishSuite({ kind: 'done', result: suiteResult('fail', '3.12.7') });
    flushSync();
    expect(workspace.suite.running).toBe(false);
    expect(workspace.suite.stale).toBe(false);
    expect(workspace.suite.statusOf(workspace.tests[0]!)).toBe('fail');
  });

  it('gives the new engine the session’s time limit', async () => {
    start({ ...START, deadlineMs: 7000 });
    workspace.setPython('3.11');
    expect(engineOf('3.11').deadlineMs).toBe(7000);
    workspace.update({ deadlineMs: 9000 });
    expect(engineOf('3.11').deadlineMs).toBe(9000);
  });

  it('traces on the chosen version’s engine', async () => {
    start();
    workspace.setPython('3.11');
    const request = { pattern: 'a', text: 'a', op: 'search' } as const;
    const budgets = { maxSteps: 10, maxTraceSteps: 0 };
    void workspace.engine.trace(request, budgets);
    expect(engineOf('3.11').traces.map((call) => call.request)).toEqual([request]);
    expect(engineOf(START.python).traces).toHaveLength(0);
  });

  it('follows a link’s version, and tells the keeper (the session holds it)', async () => {
    start();
    const saved: string[] = [];
    workspace.onChange((session) => saved.push(session.python));
    workspace.replace({ ...START, python: '3.13' });
    await pause();
    expect(pool.selected).toBe('3.13');
    expect(engineOf('3.13').submitted).toHaveLength(1);
    expect(saved).toEqual(['3.13']);
  });

  it('starts on the version the session names', async () => {
    start({ ...START, python: '3.15' });
    await pause();
    expect([...pool.engines.keys()]).toEqual(['3.15']);
    expect(engineOf('3.15').submitted).toHaveLength(1);
  });

  it('does nothing for a version the pool does not have', async () => {
    start();
    await pause();
    workspace.setPython('2.7');
    await pause();
    expect(pool.selected).toBe('3.14');
    expect(engineOf('3.14').submitted).toHaveLength(1);
    expect(pool.engines.size).toBe(1);
  });
});
