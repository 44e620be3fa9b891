/** The results column's short texts: counts and plurals, timings, notes and spoken summaries. */
import { describe, expect, it } from 'vitest';
import type { EvaluateRequest, Match, SuccessResult } from '../engine/contract';
import type { Success } from '../engine/evaluation';
import { tableSuccess } from '../engine/testing/successes';
import {
  callExpression,
  describeOutcome,
  errorHeadline,
  formatElapsed,
  matchCount,
  positionText,
  spokenSummary,
  stepsSummary,
  summaryLine,
  summaryTruncationNote,
  truncationNote,
} from './summary';

const request: EvaluateRequest = { pattern: 'b+', text: 'abbcb', op: 'finditer' };

const match = (start: number, end: number): Match => ({
  span: [start, end],
  span16: [start, end],
  groups: [{ index: 0, name: null, span: [start, end], span16: [start, end], value: 'b' }],
});

const success = (matches: Match[], extra: Partial<SuccessResult> = {}): Success =>
  tableSuccess(result(matches, extra), 'x'.repeat(10));

const result = (matches: Match[], extra: Partial<SuccessResult> = {}): SuccessResult => ({
  ok: true,
  op: 'finditer',
  python: '3.14.2',
  matches,
  truncated: false,
  output: { repr: '[]', value: [], truncated: false },
  groupCount: 0,
  groupNames: {},
  flags: ['UNICODE'],
  warnings: [],
  elapsedMs: 0.42,
  ...extra,
});

describe('matchCount', () => {
  it('uses the right plural', () => {
    expect(matchCount(0)).toBe('No match');
    expect(matchCount(1)).toBe('1 match');
    expect(matchCount(2)).toBe('2 matches');
    expect(matchCount(12_345)).toBe('12,345 matches');
  });

  it('says when there are more than reported', () => {
    expect(matchCount(100_000, true)).toBe('100,000+ matches');
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '< 0.1 ms'],
    [0.0024, '< 0.1 ms'],
    [0.42, '0.4 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [1250, '1.25 s'],
    [Number.NaN, '< 0.1 ms'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('summary lines', () => {
  it('counts and times a result', () => {
    expect(summaryLine(success([match(1, 3), match(4, 5), match(6, 7)]))).toBe(
      '3 matches · 0.4 ms',
    );
    expect(summaryLine(success([]))).toBe('No match · 0.4 ms');
    expect(summaryLine(success([match(0, 1)], { truncated: true, elapsedMs: 51 }))).toBe(
      '1+ matches · 51 ms',
    );
  });

  it('notes a cut list and a cut result', () => {
    expect(truncationNote(100_000)).toBe(
      'Only the first 100,000 matches are listed; the operation found more.',
    );
    expect(summaryTruncationNote(100_000)).toBe(
      'The operation found more than 100,000 matches; the page keeps the first 100,000.',
    );
  });

  it('speaks the count and the first span', () => {
    expect(spokenSummary(success([match(5, 12), match(20, 27), match(30, 31)]))).toBe(
      '3 matches; first at 5 to 12',
    );
    expect(spokenSummary(success([match(5, 12)]))).toBe('1 match; first at 5 to 12');
    expect(spokenSummary(success([]))).toBe('No match');
    expect(spokenSummary(success([match(0, 1)], { truncated: true }))).toBe(
      'More than 1 match; first at 0 to 1',
    );
  });
});

describe('errors', () => {
  const error = {
    type: 'PatternError',
    where: 'pattern' as const,
    message: 'missing ), unterminated subpattern at position 0',
    pos: 7,
    pos16: 8,
    lineno: 1,
    colno: 8,
  };

  it('writes the position with line and column when given', () => {
    expect(positionText(error)).toBe('at position 7 (line 1, column 8)');
    expect(positionText({ ...error, lineno: null, colno: null })).toBe('at position 7');
    expect(positionText({ ...error, pos: null })).toBeNull();
  });

  it('heads the summary by what the error is about', () => {
    expect(errorHeadline(error)).toBe('No result: the pattern has an error');
    expect(errorHeadline({ ...error, where: 'replacement' })).toBe(
      'No result: the replacement has an error',
    );
    expect(errorHeadline({ ...error, where: 'flags' })).toBe(
      'No result: the flags cannot be combined',
    );
    expect(errorHeadline({ ...error, where: 'engine', type: 'MemoryError' })).toBe(
      'No result: the engine raised MemoryError while running',
    );
  });

  it('describes every kind of outcome', () => {
    expect(describeOutcome(null).tone).toBe('idle');
    const ok = describeOutcome({ kind: 'done', id: 1, request, result: success([match(1, 3)]) });
    expect(ok).toEqual({
      tone: 'match',
      line: '1 match · 0.4 ms',
      note: null,
      spoken: '1 match; first at 1 to 3',
    });
    const cut = describeOutcome({
      kind: 'done',
      id: 1,
      request,
      result: success([match(1, 3)], { truncated: true }),
    });
    expect(cut.note).toBe('The operation found more than 1 matches; the page keeps the first 1.');
    const none = describeOutcome({ kind: 'done', id: 1, request, result: success([]) });
    expect(none.tone).toBe('none');
    const failed = describeOutcome({ kind: 'done', id: 1, request, result: { ok: false, error } });
    expect(failed.tone).toBe('invalid');
    expect(failed.spoken).toBe(
      'No result: the pattern has an error: missing ), unterminated subpattern at position 0',
    );
    const stopped = describeOutcome({
      kind: 'stopped',
      id: 1,
      request,
      afterMs: 2000,
      how: 'interrupt',
      cause: 'deadline',
    });
    expect(stopped.tone).toBe('stopped');
    expect(stopped.line).toMatch(/^Stopped after 2\.0 s — /);
    const crashed = describeOutcome({ kind: 'engineError', id: 1, request, message: 'boom' });
    expect(crashed).toMatchObject({ tone: 'error', line: 'The engine could not answer: boom' });
  });
});

describe('callExpression', () => {
  it('names the call whose value is shown', () => {
    expect(callExpression('split')).toBe('re.split(…)');
    expect(callExpression('finditer')).toBe('list(re.finditer(…))');
  });
});

describe('stepsSummary', () => {
  it('gives the run total, or says the count ran out of its budget', () => {
    expect(stepsSummary({ kind: 'counted', steps: 1532, backtracks: 3, matchSteps: [1532] })).toBe(
      '1,532 steps',
    );
    expect(stepsSummary({ kind: 'counted', steps: 1, backtracks: 0, matchSteps: null })).toBe(
      '1 step',
    );
    expect(stepsSummary({ kind: 'over', maxSteps: 1_000_000 })).toBe('over 1,000,000 steps');
  });

  it('says nothing while counting, or when there is no count', () => {
    expect(stepsSummary(null)).toBeNull();
    expect(stepsSummary({ kind: 'counting' })).toBeNull();
    expect(stepsSummary({ kind: 'unsupported', reason: 'opcode FOO' })).toBeNull();
    expect(stepsSummary({ kind: 'unknown', why: 'stopped (deadline)' })).toBeNull();
  });
});
