import { describe, expect, it } from 'vitest';
import type { Suite } from '../engine/contract';
import { actualText, expectationText, suiteProblem, summaryText, tally, VERDICT_LOOK } from './verdicts';

const suite: Suite = { pattern: 'a', op: 'search', tests: [] };

describe('verdicts', () => {
  it('gives every status an icon and a word, not only a colour', () => {
    expect(VERDICT_LOOK.pass).toMatchObject({ icon: '✓', word: 'passed' });
    expect(VERDICT_LOOK.fail).toMatchObject({ icon: '✗', word: 'failed' });
    expect(VERDICT_LOOK.timeout).toMatchObject({ icon: '⏱', word: 'timed out' });
    expect(VERDICT_LOOK.none).toMatchObject({ icon: '–', word: 'not run' });
  });

  it('summarises the counts', () => {
    expect(summaryText(tally([]))).toBe('No test cases');
    expect(summaryText(tally(['pass', 'pass', 'fail']))).toBe('3 cases: 2 passed, 1 failed');
    expect(summaryText(tally(['pass', 'timeout', 'skipped', 'none']))).toBe(
      '4 cases: 1 passed, 0 failed, 1 timed out, 2 not run',
    );
    expect(summaryText(tally(Array.from({ length: 1000 }, () => 'pass' as const)))).toBe(
      '1,000 cases: 1,000 passed, 0 failed',
    );
  });

  it('writes expectations and actual results as Python literals', () => {
    const testCase = { text: 'x', expect: 'match' as const, groups: { 1: 'a', year: null }, output: ['x', 1] };
    expect(expectationText(testCase, 'subn')).toBe("match, groups {1: 'a', 'year': None}, returns ('x', 1)");
    expect(expectationText(testCase, 'search')).toBe("match, groups {1: 'a', 'year': None}");
    expect(expectationText({ text: '', expect: 'no match' }, 'findall')).toBe('no match');
    const actual = { matched: true, groups: { 0: 'xy', 1: 'b', 2: 'y', year: 'y' }, output: ['x', 2], outputRepr: "('x', 2)" };
    expect(actualText(actual, testCase, 'subn')).toBe("match, groups {1: 'b', 'year': 'y'}, returns ('x', 2)");
    expect(actualText(actual, { text: '', expect: 'no match' }, 'search')).toBe('match');
    expect(actualText({ ...actual, matched: false, groups: {} }, testCase, 'search')).toBe('no match');
  });

  it('says why a suite gave no verdicts', () => {
    expect(suiteProblem(null)).toBeNull();
    expect(
      suiteProblem({ kind: 'stopped', id: 1, suite, afterMs: 2000, how: 'restart', cause: 'deadline' }),
    ).toMatch(/^Stopped after 2\.0 s: a case ran away, and without cross-origin isolation pyregex cannot stop one case alone\. /);
    expect(suiteProblem({ kind: 'engineError', id: 1, suite, message: 'boom' })).toBe(
      'The engine could not run the tests: boom',
    );
    expect(
      suiteProblem({
        kind: 'done',
        id: 1,
        suite,
        result: {
          passed: 0,
          failed: 1,
          python: '3.14',
          cases: [],
          elapsedMs: 0,
          error: { type: 'error', where: 'pattern', message: 'missing )', pos: 0, pos16: 0, lineno: 1, colno: 1 },
        },
      }),
    ).toBe('No case could run: missing )');
  });
});
