import { describe, expect, it } from 'vitest';
import { MatchTable } from '../engine/matchTable';
import type { Success } from '../engine/evaluation';
import { LIMITS, type TestCase } from '../state/session';
import {
  addCases,
  caseFromSuccess,
  caseKey,
  casesFromLines,
  deleteCase,
  duplicateCase,
  followIndex,
  frozen,
  moveCase,
  recordedCase,
  replaceCase,
  splitLines,
} from './cases';

const a: TestCase = { text: 'a', expect: 'match' };
const b: TestCase = { text: 'b', expect: 'no match' };
const c: TestCase = { text: 'c', expect: 'match', groups: { 1: 'c' } };
const list = frozen([a, b, c]);

describe('list edits', () => {
  it('return new frozen lists, keep untouched cases the same objects, and leave the input', () => {
    const added = addCases(list, [{ text: 'd', expect: 'match' }], 1);
    expect(added.map((t) => t.text)).toEqual(['a', 'd', 'b', 'c']);
    expect(Object.isFrozen(added)).toBe(true);
    expect(Object.isFrozen(added[1])).toBe(true);
    expect(added[0]).toBe(a);
    expect(list.map((t) => t.text)).toEqual(['a', 'b', 'c']);

    const edited = replaceCase(list, 1, { ...b, name: 'bee' });
    expect(edited[1]).toEqual({ text: 'b', expect: 'no match', name: 'bee' });
    expect(edited[2]).toBe(c);
    expect(replaceCase(list, 7, a)).toBe(list);

    const doubled = duplicateCase(list, 2);
    expect(doubled).toHaveLength(4);
    expect(doubled[3]).toEqual(c);
    expect(doubled[3]).not.toBe(c);
    expect(doubled[3]!.groups).not.toBe(c.groups);

    expect(deleteCase(list, 0)).toEqual([b, c]);
    expect(deleteCase(list, 3)).toBe(list);
  });

  it('keeps a case’s key through its edits, and gives copies their own', () => {
    const edited = replaceCase(list, 1, { ...b, text: 'bb' });
    const again = replaceCase(edited, 1, { ...edited[1]!, name: 'n' });
    expect(caseKey(again[1]!)).toBe(caseKey(b));
    expect(caseKey(duplicateCase(list, 1)[2]!)).not.toBe(caseKey(b));
    expect(caseKey({ ...a })).not.toBe(caseKey(a));
  });

  it('moves a case up and down, clamped to the list', () => {
    expect(moveCase(list, 0, 2).map((t) => t.text)).toEqual(['b', 'c', 'a']);
    expect(moveCase(list, 2, 1).map((t) => t.text)).toEqual(['a', 'c', 'b']);
    expect(moveCase(list, 0, -1)).toBe(list);
    expect(moveCase(list, 2, 9)).toBe(list);
  });

  it('stops at the session’s limit of cases', () => {
    const full = frozen(Array.from({ length: LIMITS.maxTests - 1 }, () => a));
    expect(addCases(full, [b, c])).toHaveLength(LIMITS.maxTests);
    const max = addCases(full, [b]);
    expect(duplicateCase(max, 0)).toBe(max);
  });

  it('follows a position through moves, deletions and insertions', () => {
    expect(followIndex(0, { kind: 'move', from: 0, to: 2 })).toBe(2);
    expect(followIndex(1, { kind: 'move', from: 0, to: 2 })).toBe(0);
    expect(followIndex(1, { kind: 'move', from: 2, to: 0 })).toBe(2);
    expect(followIndex(3, { kind: 'move', from: 0, to: 2 })).toBe(3);
    expect(followIndex(1, { kind: 'delete', index: 1 })).toBeNull();
    expect(followIndex(2, { kind: 'delete', index: 1 })).toBe(1);
    expect(followIndex(2, { kind: 'insert', index: 1, count: 3 })).toBe(5);
    expect(followIndex(null, { kind: 'delete', index: 0 })).toBeNull();
  });
});

describe('lines', () => {
  it('splits as the editor shows lines, keeping each line exactly', () => {
    expect(splitLines('a\r\nb\rc\n\n d\t\n')).toEqual(['a', 'b', 'c', '', ' d\t']);
    expect(splitLines('a\n\nb', true)).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['']);
  });

  it('makes one case per line with the chosen expectation', () => {
    expect(casesFromLines(['x', 'y'], 'no match')).toEqual([
      { text: 'x', expect: 'no match' },
      { text: 'y', expect: 'no match' },
    ]);
    expect(casesFromLines(['x'], 'record')).toEqual([{ text: 'x', expect: 'match' }]);
  });
});

function success(
  text: string,
  matches: Array<{ span: [number, number]; groups: Array<[string | null, [number, number] | null]> }>,
  output: Success['output'] = { repr: 'None', value: null, truncated: false },
): Success {
  return {
    ok: true,
    op: 'search',
    python: '3.14.2',
    matches: MatchTable.fromMatches(
      matches.map(({ span, groups }) => ({
        span,
        span16: span,
        groups: [
          { index: 0, name: null, span, span16: span, value: text.slice(...span) },
          ...groups.map(([name, where], i) => ({
            index: i + 1,
            name,
            span: where,
            span16: where,
            value: where === null ? null : text.slice(...where),
          })),
        ],
      })),
      text,
    ),
    truncated: false,
    output,
    groupCount: 0,
    groupNames: {},
    flags: [],
    warnings: [],
    elapsedMs: 0.1,
  } as Success;
}

describe('expectations from CPython', () => {
  it('takes the current result: matched, first match’s groups by name or number, output', () => {
    const result = success('2025-10 x', [
      { span: [0, 7], groups: [['year', [0, 4]], [null, [5, 7]], [null, null]] },
    ]);
    expect(caseFromSuccess('2025-10 x', result, 'search')).toEqual({
      text: '2025-10 x',
      expect: 'match',
      groups: { year: '2025', 2: '10', 3: null },
    });
    const none = success('zz', [], { repr: "['zz']", value: ['zz'], truncated: false });
    expect(caseFromSuccess('zz', none, 'split')).toEqual({
      text: 'zz',
      expect: 'no match',
      output: ['zz'],
    });
    const cut = success('zz', [], { repr: "['zz', ...]", value: ['zz'], truncated: true });
    expect(caseFromSuccess('zz', cut, 'findall')).toEqual({ text: 'zz', expect: 'no match' });
  });

  it('takes a verdict’s actual result, named groups by name only', () => {
    const actual = {
      matched: true,
      groups: { 0: 'ab', 1: 'a', year: 'a', 2: null },
      output: ['ab', 1],
      outputRepr: "('ab', 1)",
    };
    expect(recordedCase({ text: 'ab', expect: 'no match', name: 'n' }, actual, 'subn', { year: 1 })).toEqual({
      text: 'ab',
      expect: 'match',
      name: 'n',
      groups: { year: 'a', 2: null },
      output: ['ab', 1],
    });
    expect(recordedCase(a, { ...actual, matched: false, groups: {} }, 'search', null)).toEqual({
      text: 'a',
      expect: 'no match',
    });
  });
});
