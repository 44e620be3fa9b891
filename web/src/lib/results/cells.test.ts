/** What the match list's cells say, as Python would print it. */
import { describe, expect, it } from 'vitest';
import type { Match } from '../engine/contract';
import { columnWidths, matchLabel, matchStepsText, spanText, valueRepr } from './cells';

describe('valueRepr', () => {
  it('writes a value as its Python repr and an unmatched group as None', () => {
    expect(valueRepr('2026')).toBe("'2026'");
    expect(valueRepr("it's")).toBe('"it\'s"');
    expect(valueRepr('a\r\n')).toBe("'a\\r\\n'");
    expect(valueRepr(null)).toBe('None');
    expect(valueRepr('')).toBe("''");
  });

  it('cuts a long value and leaves it open-ended', () => {
    expect(valueRepr('abcdef', 3)).toBe("'abc…");
    expect(valueRepr('abc', 3)).toBe("'abc'");
  });
});

describe('spanText and matchLabel', () => {
  it('writes spans as Python users read them', () => {
    expect(spanText([5, 12])).toBe('[5, 12)');
    expect(spanText(null)).toBe('None');
    expect(matchLabel(0)).toBe('#1');
  });
});

describe('columnWidths', () => {
  const match = (start: number, end: number, names: (string | null)[]): Match => ({
    span: [start, end],
    span16: [start, end],
    groups: [
      { index: 0, name: null, span: [start, end], span16: [start, end], value: 'x' },
      ...names.map((name, i) => ({
        index: i + 1,
        name,
        span: null,
        span16: null,
        value: null,
      })),
    ],
  });

  it('fits the longest label, name and span', () => {
    const list = Array.from({ length: 120 }, (_, i) => match(i * 10, i * 10 + 5, ['year', null]));
    expect(columnWidths(list)).toEqual({ number: 4, name: 4, span: '[1190, 1195)'.length });
  });

  it('caps long names and handles an empty list', () => {
    expect(columnWidths([match(0, 1, ['a_very_long_group_name_indeed'])]).name).toBe(14);
    expect(columnWidths([])).toEqual({ number: 2, name: 0, span: 6 });
  });
});

describe('matchStepsText', () => {
  it('says what finding a match cost, with thousands separators', () => {
    expect(matchStepsText(1532)).toBe('took 1,532 steps');
    expect(matchStepsText(1)).toBe('took 1 step');
    expect(matchStepsText(0)).toBe('took 0 steps');
  });
});
