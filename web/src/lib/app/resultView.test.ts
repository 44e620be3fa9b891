import { describe, expect, it } from 'vitest';
import type { EvaluateRequest, Match, SuccessResult } from '../engine/contract';
import type { RunOutcome } from '../engine/engineClient.svelte';
import type { Success } from '../engine/evaluation';
import { tableSuccess } from '../engine/testing/successes';
import { matchesFor, resultView, substitution, successOf } from './resultView';

const request = (op: EvaluateRequest['op'] = 'finditer', text = 'abc'): EvaluateRequest => ({
  pattern: 'b',
  text,
  op,
  flags: '',
});

const match = (start: number, end: number, outputSpan16?: [number, number]): Match => ({
  span: [start, end],
  span16: [start, end],
  groups: [{ index: 0, name: null, span: [start, end], span16: [start, end], value: 'b' }],
  ...(outputSpan16 ? { outputSpan16 } : {}),
});

const success = (overrides: Partial<SuccessResult> = {}, text = 'abc'): Success =>
  tableSuccess(result(overrides), text);

const result = (overrides: Partial<SuccessResult> = {}): SuccessResult => ({
  ok: true,
  op: 'finditer',
  python: '3.14.2',
  matches: [match(1, 2)],
  truncated: false,
  output: { repr: "['b']", value: ['b'], truncated: false },
  groupCount: 0,
  groupNames: {},
  flags: ['UNICODE'],
  warnings: [],
  elapsedMs: 0.1,
  ...overrides,
});

const done = (id: number, result = success(), req = request()): RunOutcome => ({
  kind: 'done',
  id,
  request: req,
  result,
});

describe('resultView', () => {
  it('shows nothing before the first outcome', () => {
    expect(resultView(null, null, 0)).toEqual({ shown: null, stale: false, error: null });
  });

  it('shows the newest success, stale while a newer request waits', () => {
    const outcome = done(3);
    expect(resultView(outcome, null, 3)).toMatchObject({ stale: false, error: null });
    expect(resultView(outcome, null, 4).stale).toBe(true);
    expect(resultView(outcome, null, 3).shown?.result.matches).toHaveLength(1);
  });

  it('hands out the same shown success for the same outcome, stale or not', () => {
    // What draws the results reruns only when the shown object changes, not on every keystroke.
    const outcome = done(3);
    expect(resultView(outcome, null, 4).shown).toBe(resultView(outcome, null, 3).shown);
    expect(successOf(outcome)).toBe(successOf(outcome));
    expect(successOf(done(3))).not.toBe(successOf(outcome));
  });

  it('replaces the results with the error', () => {
    const error = {
      type: 'error',
      where: 'pattern' as const,
      message: 'missing ), unterminated subpattern at position 0',
      pos: 0,
      pos16: 0,
      lineno: 1,
      colno: 1,
    };
    const view = resultView(
      { kind: 'done', id: 2, request: request(), result: { ok: false, error } },
      successOf(done(1)),
      2,
    );
    expect(view).toEqual({ shown: null, stale: false, error });
  });

  it('keeps the last good results, greyed, after a stopped run', () => {
    const lastGood = successOf(done(1));
    const stopped: RunOutcome = {
      kind: 'stopped',
      id: 2,
      request: request(),
      afterMs: 2000,
      how: 'interrupt',
      cause: 'deadline',
    };
    expect(resultView(stopped, lastGood, 2)).toEqual({ shown: lastGood, stale: true, error: null });
    expect(resultView(stopped, null, 2)).toEqual({ shown: null, stale: false, error: null });
  });
});

describe('substitution', () => {
  it('gives the output string and the replaced parts for sub and subn', () => {
    const sub = successOf(
      done(
        1,
        success({
          op: 'sub',
          matches: [match(1, 2, [1, 4])],
          output: { repr: "'aXYZc'", value: 'aXYZc', truncated: false },
        }),
        request('sub'),
      ),
    );
    expect(substitution(sub)).toEqual({ text: 'aXYZc', marks: [[1, 4]] });

    const subn = successOf(
      done(
        1,
        success({
          op: 'subn',
          matches: [match(1, 2, [1, 2])],
          output: { repr: "('aXc', 1)", value: ['aXc', 1], truncated: false },
        }),
        request('subn'),
      ),
    );
    expect(substitution(subn)).toEqual({ text: 'aXc', marks: [[1, 2]] });
  });

  it('is null for other operations', () => {
    expect(substitution(successOf(done(1)))).toBeNull();
    expect(substitution(null)).toBeNull();
  });
});

describe('matchesFor', () => {
  it('gives the matches only for the text they were computed on', () => {
    const shown = successOf(done(1));
    expect(matchesFor(shown, 'abc')).toHaveLength(1);
    expect(matchesFor(shown, 'abcd')).toHaveLength(0);
  });
});
