import { describe, expect, it } from 'vitest';
import { MatchTable } from '../engine/matchTable';
import type { TracedRun } from '../engine/tracing';
import { TraceSteps } from '../engine/traceSteps';
import {
  incompleteText,
  noStepsText,
  progressText,
  totalsText,
  truncationText,
} from './debuggerText';

function run(partial: Partial<TracedRun>): TracedRun {
  return {
    ok: true,
    op: 'search',
    python: '3.14.2',
    supported: true,
    truncated: false,
    steps: 1532,
    backtracks: 40,
    matches: MatchTable.fromMatches([], ''),
    matchSteps: [],
    trace: TraceSteps.fromSteps([]),
    traceComplete: true,
    stoppedAt: null,
    maxSteps: 1_000_000,
    maxTraceSteps: 100_000,
    ...partial,
  };
}

const identity = (pos16: number) => pos16;

describe('debugger texts', () => {
  it('says which step is shown, counting from 1', () => {
    expect(progressText(0, 1532)).toBe('Step 1 of 1,532');
    expect(progressText(1531, 1532)).toBe('Step 1,532 of 1,532');
    expect(progressText(0, 0)).toBe('No steps');
  });

  it('gives the totals, only the steps when the budget ran out', () => {
    expect(totalsText(run({}))).toBe('1,532 steps · 40 backtracks · 0 matches');
    expect(totalsText(run({ steps: 1, backtracks: 1, matches: null }))).toBe(
      '1 step · 1 backtrack',
    );
    expect(
      totalsText(run({ truncated: true, steps: 100_000, backtracks: 31_250, matches: null })),
    ).toBe('100,000 steps · 31,250 backtracks before the budget ran out');
  });

  it('says where a cut trace stopped, quoting the construct', () => {
    expect(truncationText(run({}), '(a+)+$', identity)).toBeNull();
    const cut = run({ truncated: true, stoppedAt: { pos16: 12, pattern16: [0, 5] } });
    expect(truncationText(cut, '(a+)+$', identity)).toBe(
      'The step budget (1,000,000 steps) ran out at position 12, in (a+)+: no result is claimed.',
    );
    const nowhere = run({ truncated: true, stoppedAt: { pos16: 3, pattern16: null } });
    expect(truncationText(nowhere, 'a', (pos16) => pos16 - 1)).toBe(
      'The step budget (1,000,000 steps) ran out at position 2: no result is claimed.',
    );
  });

  it('says when only the first steps were kept', () => {
    expect(incompleteText(run({}))).toBeNull();
    const steps = Array.from({ length: 3 }, (_, i) => ({
      op: 'LITERAL',
      pattern16: null,
      pos16: i,
      start16: i,
      backtrack: false,
      group: null,
    }));
    const partial = run({
      traceComplete: false,
      steps: 2_345_678,
      trace: TraceSteps.fromSteps(steps),
    });
    expect(incompleteText(partial)).toBe('The trace shows the first 3 of 2,345,678 steps.');
  });
});

describe('noStepsText', () => {
  it('explains a trace without a single step (the literal prefix scan alone)', () => {
    expect(noStepsText(run({}))).toBeNull();
    const match = {
      span: [1, 2] as [number, number],
      span16: [1, 2] as [number, number],
      groups: [{ index: 0, name: null, span: [1, 2], span16: [1, 2], value: 'a' }] as never,
    };
    expect(noStepsText(run({ steps: 0, matches: MatchTable.fromMatches([match], 'ba') }))).toMatch(
      /found the match by scanning for the pattern's literal text/,
    );
    expect(noStepsText(run({ steps: 0 }))).toMatch(/did not find it/);
  });
});
