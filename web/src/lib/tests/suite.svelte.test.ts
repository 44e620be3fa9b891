import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseResult, SuiteResult } from '../engine/contract';
import { FakeEngine } from '../app/fakeEngine.svelte';
import { Workspace } from '../app/workspace.svelte';
import { DEFAULT_SESSION, type TestCase } from '../state/session';
import { CaseEditor } from './caseEditor';

let engine: FakeEngine;
let workspace: Workspace;
let disconnect: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  engine = new FakeEngine();
  workspace = new Workspace(engine, { ...DEFAULT_SESSION, pattern: 'a+', op: 'search', text: 'xa' });
  disconnect = workspace.connect();
  flushSync();
});

afterEach(() => {
  disconnect();
  vi.useRealTimers();
});

async function pause(ms = 200): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  flushSync();
}

function verdict(index: number, status: CaseResult['status'], matched = status === 'pass'): CaseResult {
  return {
    index,
    name: null,
    ok: status === 'pass',
    status,
    expected: { expect: 'match' },
    actual:
      status === 'timeout' || status === 'skipped'
        ? null
        : { matched, groups: matched ? { 0: 'a', 1: 'a', word: 'a' } : {}, output: null, outputRepr: 'None' },
    message: status === 'pass' ? '' : 'Expected a match; re.search found none.',
    elapsedMs: 0.1,
  };
}

function result(cases: CaseResult[]): SuiteResult {
  const passed = cases.filter((c) => c.ok).length;
  return { passed, failed: cases.length - passed, python: '3.14.2', cases, error: null, elapsedMs: 1 };
}

const cases: TestCase[] = [
  { text: 'a', expect: 'match' },
  { text: 'b', expect: 'match' },
  { text: 'aa', expect: 'match' },
];

describe('TestSuite verdicts', () => {
  it('maps verdicts to their cases, and keeps them (greyed) on cases an edit did not touch', async () => {
    workspace.setTests(cases);
    await pause();
    expect(workspace.suite.running).toBe(true);
    expect(workspace.suite.tally).toMatchObject({ total: 3, notRun: 3 });
    engine.finishSuite({
      kind: 'done',
      result: result([verdict(0, 'pass'), verdict(1, 'fail'), verdict(2, 'timeout')]),
    });
    flushSync();
    expect(workspace.suite.running).toBe(false);
    expect(workspace.suite.stale).toBe(false);
    expect(workspace.suite.tally).toEqual({ total: 3, passed: 1, failed: 1, timedOut: 1, notRun: 0 });
    expect(workspace.suite.statusOf(workspace.tests[1]!)).toBe('fail');

    // Move the failing case first: its verdict follows it.
    new CaseEditor(workspace).move(1, -1);
    flushSync();
    expect(workspace.tests[0]!.text).toBe('b');
    expect(workspace.suite.statusOf(workspace.tests[0]!)).toBe('fail');
    expect(workspace.suite.stale).toBe(true);
    // An edited case has no verdict until the next run.
    new CaseEditor(workspace).edit(0, { text: 'ba' });
    flushSync();
    expect(workspace.suite.statusOf(workspace.tests[0]!)).toBe('none');
    expect(workspace.suite.statusOf(workspace.tests[1]!)).toBe('pass');
  });

  it('says when a suite was stopped, and runs again on the next edit', async () => {
    workspace.setTests(cases);
    await pause();
    engine.finishSuite({ kind: 'stopped', afterMs: 2000, how: 'restart', cause: 'deadline' });
    flushSync();
    expect(workspace.suite.problem).toMatch(
      /^Stopped after 2\.0 s: a case ran away, and without cross-origin isolation pyregex cannot stop one case alone\./,
    );
    workspace.setPattern('a');
    await pause();
    expect(engine.suites).toHaveLength(2);
    expect(workspace.suite.problem).toBeNull();
    engine.finishSuite({ kind: 'done', result: result([verdict(0, 'pass'), verdict(1, 'fail'), verdict(2, 'pass')]) });
    flushSync();
    expect(workspace.suite.tally).toMatchObject({ passed: 2, failed: 1 });
  });

  it('sends nothing and shows nothing without cases', async () => {
    await pause();
    expect(engine.suites).toHaveLength(0);
    expect(workspace.suite.tally.total).toBe(0);
    expect(workspace.suite.running).toBe(false);
  });
});

describe('CaseEditor', () => {
  it('adds the test string expecting what CPython does now, once a current result is in', async () => {
    const editor = new CaseEditor(workspace);
    await pause();
    expect(editor.addCurrent()).toBeNull(); // no result yet
    engine.finish({
      kind: 'done',
      result: {
        ok: true,
        op: 'search',
        python: '3.14.2',
        matches: (await import('../engine/matchTable')).MatchTable.fromMatches(
          [{ span: [1, 2], span16: [1, 2], groups: [{ index: 0, name: null, span: [1, 2], span16: [1, 2], value: 'a' }] }],
          'xa',
        ),
        truncated: false,
        output: { repr: "<re.Match object; span=(1, 2), match='a'>", value: 'a', truncated: false },
        groupCount: 0,
        groupNames: {},
        flags: [],
        warnings: [],
        elapsedMs: 0.1,
      },
    });
    flushSync();
    expect(editor.addCurrent()).toBe(0);
    expect(workspace.tests).toEqual([{ text: 'xa', expect: 'match' }]);
    workspace.showCase(0);
    expect(editor.addCurrent()).toBeNull();
  });

  it('adds lines as cases and records CPython’s answers as their expectations', async () => {
    const editor = new CaseEditor(workspace);
    expect(editor.addLines(['a', 'b'], 'record')).toBe(2);
    expect(workspace.suite.recording).toBe(2);
    await pause();
    engine.finishSuite({ kind: 'done', result: result([verdict(0, 'pass'), verdict(1, 'fail', false)]) });
    flushSync();
    expect(workspace.suite.recording).toBe(2);
    workspace.suite.settle(); // the page does this in an effect on the verdicts
    expect(workspace.suite.recording).toBe(0);
    expect(workspace.tests).toEqual([
      { text: 'a', expect: 'match', groups: { 1: 'a', word: 'a' } },
      { text: 'b', expect: 'no match' },
    ]);
  });

  it('duplicates, deletes with a way back, and moves', () => {
    const editor = new CaseEditor(workspace);
    workspace.setTests(cases);
    workspace.showCase(2);
    editor.duplicate(0);
    expect(workspace.tests.map((t) => t.text)).toEqual(['a', 'a', 'b', 'aa']);
    expect(workspace.subject).toBe(3);
    const undo = editor.remove(1);
    expect(workspace.tests.map((t) => t.text)).toEqual(['a', 'b', 'aa']);
    expect(workspace.subject).toBe(2);
    undo?.();
    expect(workspace.tests.map((t) => t.text)).toEqual(['a', 'a', 'b', 'aa']);
    expect(editor.move(3, -1)).toBe(2);
    expect(workspace.tests.map((t) => t.text)).toEqual(['a', 'a', 'aa', 'b']);
    expect(workspace.subject).toBe(2);
    expect(editor.move(0, -1)).toBe(0);
    editor.edit(3, { name: 'bee', groups: { 1: null } });
    expect(workspace.tests[3]).toEqual({ text: 'b', expect: 'match', name: 'bee', groups: { 1: null } });
    editor.edit(3, { groups: undefined });
    expect(workspace.tests[3]).toEqual({ text: 'b', expect: 'match', name: 'bee' });
  });

  it('asks for the pytest file only while it is wanted', async () => {
    workspace.setTests(cases);
    await pause();
    expect(engine.pytested).toHaveLength(0);
    workspace.suite.wantPytest(true);
    await pause();
    expect(engine.pytested).toHaveLength(1);
    expect(workspace.suite.pytest?.code).toContain('3 cases');
    workspace.setPattern('b');
    await pause();
    expect(engine.pytested).toHaveLength(2);
    workspace.suite.wantPytest(false);
    workspace.setPattern('c');
    await pause();
    expect(engine.pytested).toHaveLength(2);
  });
});
