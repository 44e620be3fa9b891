import { describe, expect, it } from 'vitest';
import type { EvaluateRequest, Match, Suite, SuiteResult } from '../engine/contract';
import type { RunOutcome, SuiteOutcome } from '../engine/engineClient.svelte';
import { tableSuccess } from '../engine/testing/successes';
import {
  describeRun,
  describeSuite,
  firstDifference,
  summarizeRun,
  summarizeSuite,
  type VersionOutcome,
} from './outcome';

const request: EvaluateRequest = { pattern: 'a(b)?', text: 'ab a', op: 'findall' };

function match(start: number, end: number, group: [number, number] | null): Match {
  const span: [number, number] = [start, end];
  return {
    span,
    span16: span,
    groups: [
      { index: 0, name: null, span, span16: span, value: 'x' },
      { index: 1, name: null, span: group, span16: group, value: group ? 'b' : null },
    ],
  };
}

function done(matches: Match[], repr: string, warnings: string[] = []): RunOutcome {
  return {
    kind: 'done',
    id: 1,
    request,
    result: tableSuccess(
      {
        ok: true,
        op: 'findall',
        python: '3.14.2',
        matches,
        truncated: false,
        output: { repr, value: null, truncated: false },
        groupCount: 1,
        groupNames: {},
        flags: ['UNICODE'],
        warnings: warnings.map((message) => ({ category: 'DeprecationWarning', message })),
        elapsedMs: 0.1,
      },
      request.text,
    ),
  };
}

function error(message: string, type = 'PatternError'): RunOutcome {
  return {
    kind: 'done',
    id: 1,
    request,
    result: {
      ok: false,
      error: { type, where: 'pattern', message, pos: 1, pos16: 1, lineno: 1, colno: 2 },
    },
  };
}

const suite: Suite = { pattern: 'a', op: 'search', tests: [] };

function verdicts(...statuses: ('pass' | 'fail')[]): SuiteOutcome {
  const result: SuiteResult = {
    passed: statuses.filter((s) => s === 'pass').length,
    failed: statuses.filter((s) => s !== 'pass').length,
    python: '3.14.2',
    error: null,
    elapsedMs: 1,
    cases: statuses.map((status, index) => ({
      index,
      name: null,
      ok: status === 'pass',
      status,
      expected: { expect: 'match' },
      actual: null,
      message: '',
      elapsedMs: 0,
    })),
  };
  return { kind: 'done', id: 1, suite, result };
}

const row = (run: RunOutcome | null, suiteOutcome: SuiteOutcome | null = null): VersionOutcome => ({
  run: summarizeRun(run),
  suite: summarizeSuite(suiteOutcome, suiteOutcome !== null),
});

describe('one version in a few words', () => {
  it('counts matches, spells errors and stops', () => {
    expect(describeRun(summarizeRun(done([match(0, 2, [1, 2])], "['b']")))).toBe('1 match');
    expect(describeRun(summarizeRun(done([], '[]')))).toBe('0 matches');
    expect(describeRun(summarizeRun(error('bad escape \\z at position 1')))).toBe(
      'error: bad escape \\z at position 1',
    );
    const stopped: RunOutcome = {
      kind: 'stopped',
      id: 1,
      request,
      afterMs: 2000.4,
      how: 'interrupt',
      cause: 'deadline',
    };
    expect(describeRun(summarizeRun(stopped))).toBe('stopped after 2,000 ms');
    expect(describeRun(summarizeRun(null))).toBe('running…');
  });

  it('says how a suite did, and nothing without cases', () => {
    expect(describeSuite(summarizeSuite(verdicts('pass', 'fail'), true))).toBe(
      '1 passed, 1 failed',
    );
    expect(summarizeSuite(null, false)).toBeNull();
    expect(describeSuite(summarizeSuite(null, true))).toBe('running…');
  });
});

describe('the first difference from the selected version', () => {
  const base = row(done([match(0, 2, [1, 2]), match(3, 4, null)], "['b', '']"));

  it('is null when the outcomes are the same', () => {
    expect(
      firstDifference(base, row(done([match(0, 2, [1, 2]), match(3, 4, null)], "['b', '']"))),
    ).toBeNull();
  });

  it('is null while either side is still running', () => {
    expect(firstDifference(base, row(null))).toBeNull();
    expect(firstDifference(row(null), base)).toBeNull();
  });

  it("names the other version's error with its own message", () => {
    expect(firstDifference(base, row(error('bad escape \\z at position 1')))).toBe(
      'error: bad escape \\z at position 1',
    );
    expect(
      firstDifference(row(error('missing ), unterminated subpattern')), row(error('other text'))),
    ).toBe('error: other text');
    expect(firstDifference(row(error('m', 'PatternError')), row(error('m', 'error')))).toBe(
      'raises error: m (not PatternError)',
    );
  });

  it('compares counts, then spans, then group spans, then the return value, then warnings', () => {
    expect(firstDifference(base, row(done([match(0, 2, [1, 2])], "['b']")))).toBe(
      '1 match (not 2)',
    );
    expect(
      firstDifference(base, row(done([match(0, 2, [1, 2]), match(2, 4, null)], "['b', '']"))),
    ).toBe('match 2 at [2, 4) (not [3, 4))');
    expect(
      firstDifference(base, row(done([match(0, 2, null), match(3, 4, null)], "['b', '']"))),
    ).toBe('the same matches, other group spans');
    expect(
      firstDifference(base, row(done([match(0, 2, [1, 2]), match(3, 4, null)], "['b', None]"))),
    ).toBe("returns ['b', None]");
    const warned = row(
      done([match(0, 2, [1, 2]), match(3, 4, null)], "['b', '']", [
        "'count' is passed as positional argument",
      ]),
    );
    expect(firstDifference(base, warned)).toBe(
      "warns DeprecationWarning: 'count' is passed as positional argument",
    );
    expect(firstDifference(warned, base)).toBe('no warning');
  });

  it('then the verdicts of the test suite', () => {
    const result = done([], '[]');
    expect(
      firstDifference(row(result, verdicts('pass', 'pass')), row(result, verdicts('pass', 'fail'))),
    ).toBe('test 2: fail (not pass)');
    expect(
      firstDifference(row(result, verdicts('pass')), row(result, verdicts('pass'))),
    ).toBeNull();
  });
});
