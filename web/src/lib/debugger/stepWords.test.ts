import { describe, expect, it } from 'vitest';
import { codePointPositions, markEdge, stepSource, stepWords, type StepLike } from './stepWords';

function step(
  op: string,
  pattern16: [number, number] | null,
  pos16: number,
  extra: Partial<StepLike> = {},
): StepLike {
  return { op, pattern16, pos16, start16: 0, backtrack: false, group: null, ...extra };
}

describe('stepWords', () => {
  const table: Array<[string, string, StepLike, string]> = [
    ['a literal, quoted', 'xa+', step('LITERAL', [1, 2], 3), "try 'a' at 3"],
    [
      'a literal ignoring case',
      'a',
      step('LITERAL_UNI_IGNORE', [0, 1], 0),
      "try 'a' (ignoring case) at 0",
    ],
    [
      'an escaped literal, as written',
      String.raw`\.`,
      step('LITERAL', [0, 2], 1),
      String.raw`try \. at 1`,
    ],
    ['a class, as written', '[a-z]+', step('IN', [0, 5], 3), 'try [a-z] at 3'],
    ['a negated class', '[^a]', step('NOT_LITERAL', [0, 4], 2), 'try [^a] at 2'],
    ['any character', 'a.b', step('ANY', [1, 2], 1), 'try . (any character except a newline) at 1'],
    ['an anchor', '^a', step('AT', [0, 1], 0), 'check ^ at 0'],
    ['a category', String.raw`\d`, step('CATEGORY', [0, 2], 4), String.raw`try \d at 4`],
    [
      'the alternatives',
      'ab|cd',
      step('BRANCH', [0, 5], 0),
      'try the alternatives of ab|cd, left to right, at 0',
    ],
    [
      'the next alternative after a failure',
      'ab|cd',
      step('BRANCH', [0, 5], 0, { backtrack: true }),
      'backtrack: try the next alternative of ab|cd at 0',
    ],
    [
      'a greedy single-character repeat',
      'a+b',
      step('REPEAT_ONE', [0, 2], 0),
      'repeat a+ at 0: as many as possible',
    ],
    [
      'a greedy repeat giving back',
      'a+b',
      step('REPEAT_ONE', [0, 2], 4, { backtrack: true }),
      'backtrack: a+ gives back one character, now ends at 4',
    ],
    [
      'a lazy repeat taking more',
      'a+?b',
      step('MIN_REPEAT_ONE', [0, 3], 2, { backtrack: true }),
      'backtrack: a+? takes one more character, now ends at 2',
    ],
    [
      'a general repeat once more',
      '(ab)+',
      step('MAX_UNTIL', [0, 5], 2),
      'repeat (ab)+ once more at 2',
    ],
    [
      'a general repeat stopping',
      '(ab)+',
      step('MAX_UNTIL', [0, 5], 4, { backtrack: true }),
      'backtrack: (ab)+ stops repeating; try what follows at 4',
    ],
    ['a lookahead', 'a(?=b)', step('ASSERT', [1, 6], 1), 'check the lookahead (?=b) at 1'],
    [
      'a negative lookbehind',
      '(?<!x)a',
      step('ASSERT_NOT', [0, 6], 0),
      'check that the negative lookbehind (?<!x) does not match at 0',
    ],
    [
      'a backreference',
      String.raw`(a)\1`,
      step('GROUPREF', [3, 5], 1, { group: 1 }),
      'try the text group #1 matched again at 1',
    ],
    ['a failure', '(?!)', step('FAILURE', [0, 4], 0), 'fail at 0: go back to the last choice'],
    [
      'the top-level success',
      'ab',
      step('SUCCESS', null, 2, { start16: 0 }),
      'match found: [0, 2)',
    ],
    ['an unknown opcode', 'a', step('SOMETHING_NEW', [0, 1], 0), 'something new at 0'],
    ['a construct without a span', 'a', step('LITERAL', null, 0), 'try a character at 0'],
  ];

  it.each(table)('%s', (_name, pattern, given, expected) => {
    expect(stepWords(given, { pattern })).toBe(expected);
  });

  it('counts positions in code points, as Python does', () => {
    // '😀' is two UTF-16 units: position 3 (UTF-16) is index 2 for Python.
    const position = (pos16: number) => [...'😀ab'.slice(0, pos16)].length;
    expect(stepWords(step('LITERAL', [0, 1], 3), { pattern: 'b', position })).toBe("try 'b' at 2");
    expect(stepWords(step('SUCCESS', null, 4, { start16: 2 }), { pattern: 'ab', position })).toBe(
      'match found: [1, 3)',
    );
  });

  it('says when a match is refused at the end of the pattern (fullmatch short of the end)', () => {
    const end = step('SUCCESS', [0, 1], 1, { start16: 0 });
    const next = step('REPEAT_ONE', [0, 2], 0, { backtrack: true, start16: 0 });
    expect(stepWords(end, { pattern: 'a', next, op: 'fullmatch' })).toBe(
      'end of the pattern at 1, but the match is refused (fullmatch must end at the end of the text)',
    );
  });

  it('names the match a success found, or says it was refused, when the trace knows', () => {
    const end = step('SUCCESS', [0, 2], 2, { start16: 2 });
    expect(stepWords(end, { pattern: 'x*', found: 1 })).toBe('match #2 found: [2, 2)');
    expect(stepWords(end, { pattern: 'x*', found: null, op: 'findall' })).toBe(
      'end of the pattern at 2, but the match is refused (no empty match where the previous match ended)',
    );
  });

  it('names the success of a lookaround as the lookaround matching', () => {
    expect(stepWords(step('SUCCESS', [1, 6], 2), { pattern: 'a(?=b)' })).toBe(
      'the lookahead (?=b) matches at 2',
    );
  });

  it('says where a group starts and ends', () => {
    const pattern = '(a)b';
    const open = step('MARK', [0, 3], 0, { group: 1 });
    const body = step('LITERAL', [1, 2], 0);
    const close = step('MARK', [0, 3], 1, { group: 1 });
    const after = step('LITERAL', [3, 4], 1);
    expect(stepWords(open, { pattern, next: body })).toBe('group #1 starts at 0');
    expect(stepWords(close, { pattern, next: after })).toBe('group #1 ends at 1');
  });

  it('cuts a long construct with an ellipsis', () => {
    const pattern = `[${'a'.repeat(40)}]`;
    const source = stepSource(step('IN', [0, pattern.length], 0), pattern);
    expect(source).toHaveLength(24);
    expect(source?.endsWith('…')).toBe(true);
  });
});

describe('markEdge', () => {
  it('tells an empty group: its start is followed by its own end at the same place', () => {
    const open = step('MARK', [0, 2], 3, { group: 1 });
    const close = step('MARK', [0, 2], 3, { group: 1 });
    expect(markEdge(open, '()', close)).toBe('start');
    expect(markEdge(close, '()', step('SUCCESS', null, 3))).toBe('end');
  });

  it('tells nested groups apart: the inner start is inside the outer group', () => {
    const pattern = '((a))';
    expect(
      markEdge(
        step('MARK', [0, 5], 0, { group: 1 }),
        pattern,
        step('MARK', [1, 4], 0, { group: 2 }),
      ),
    ).toBe('start');
    expect(
      markEdge(
        step('MARK', [1, 4], 1, { group: 2 }),
        pattern,
        step('MARK', [0, 5], 1, { group: 1 }),
      ),
    ).toBe('end');
  });

  it('reads a one-character span of ( or ) directly', () => {
    expect(markEdge(step('MARK', [0, 1], 0), '(a)', undefined)).toBe('start');
    expect(markEdge(step('MARK', [2, 3], 1), '(a)', undefined)).toBe('end');
  });

  it('cannot tell without a next step or a span', () => {
    expect(markEdge(step('MARK', [0, 3], 0), '(a)', undefined)).toBeNull();
    expect(markEdge(step('MARK', null, 0), '(a)', step('LITERAL', [1, 2], 0))).toBeNull();
  });
});

describe('codePointPositions', () => {
  it('counts a surrogate pair as one character, as Python indexes do', () => {
    const position = codePointPositions('a😀b😀');
    expect([0, 1, 3, 4, 6].map(position)).toEqual([0, 1, 2, 3, 4]);
    // Inside a pair (between its halves) is where the pair starts.
    expect(position(2)).toBe(1);
  });

  it('is the identity for text without surrogates', () => {
    const position = codePointPositions('plain');
    expect([0, 3, 5].map(position)).toEqual([0, 3, 5]);
  });
});
