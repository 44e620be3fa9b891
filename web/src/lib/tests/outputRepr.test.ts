import { describe, expect, it } from 'vitest';
import { groupsRepr, outputRepr, parseGroups, parseOutput, strRepr } from './outputRepr';

describe('strRepr', () => {
  it("quotes and escapes as CPython's repr does", () => {
    expect(strRepr('abc')).toBe("'abc'");
    expect(strRepr("it's")).toBe('"it\'s"');
    expect(strRepr(`it's "x"`)).toBe(`'it\\'s "x"'`);
    expect(strRepr('a\\b')).toBe("'a\\\\b'");
    expect(strRepr('\t\n\r\0\x7f')).toBe("'\\t\\n\\r\\x00\\x7f'");
    expect(strRepr('é😀 ')).toBe("'é😀 '");
    expect(strRepr('\u00a0\u2028\ufeff')).toBe("'\\xa0\\u2028\\ufeff'");
    expect(strRepr('\ud800')).toBe("'\\ud800'");
    expect(strRepr('\u{e0001}')).toBe("'\\U000e0001'");
  });
});

describe('outputRepr', () => {
  it('writes each op’s return value as Python prints it', () => {
    expect(outputRepr(['', 'a', null], 'split')).toBe("['', 'a', None]");
    expect(outputRepr(['x-y', 2], 'subn')).toBe("('x-y', 2)");
    expect(outputRepr([['2025', '10'], ['1', '2']], 'findall')).toBe(
      "[('2025', '10'), ('1', '2')]",
    );
    expect(outputRepr([['a']], 'findall')).toBe("[('a',)]");
    expect(outputRepr('new', 'sub')).toBe("'new'");
    expect(outputRepr(null, 'split')).toBe('None');
  });

  it('round-trips through parseOutput', () => {
    const values = [
      { op: 'split', value: ['', "it's", null, 'a\nb\r\0'] },
      { op: 'subn', value: ['x\\y', 12] },
      { op: 'findall', value: [['a', ''], ['é', '"']] },
      { op: 'findall', value: ['\u2028', '😀'] },
      { op: 'sub', value: '' },
    ] as const;
    for (const { op, value } of values) {
      expect(parseOutput(outputRepr(value as never, op), op)).toEqual({ ok: true, value });
    }
  });
});

describe('parseOutput', () => {
  it('reads the literals Python users write', () => {
    expect(parseOutput(`["a", 'b' "c", r'\\d', '\\x41\\u00e9\\U0001F600\\101']`, 'findall')).toEqual(
      { ok: true, value: ['a', 'bc', '\\d', 'Aé😀A'] },
    );
    expect(parseOutput(" ( 'x' , 3 , ) ", 'subn')).toEqual({ ok: true, value: ['x', 3] });
    expect(parseOutput("['a',]", 'split')).toEqual({ ok: true, value: ['a'] });
    expect(parseOutput('[]', 'split')).toEqual({ ok: true, value: [] });
    expect(parseOutput("('a')", 'sub')).toEqual({ ok: true, value: 'a' });
    expect(parseOutput("'''multi\nline'''", 'sub')).toEqual({ ok: true, value: 'multi\nline' });
  });

  it('says what is wrong and where', () => {
    expect(parseOutput("['a', 'b'", 'findall')).toEqual({
      ok: false,
      message: 'Expected "," or "]" here.',
      pos: 9,
    });
    expect(parseOutput("['a' 'b", 'findall')).toMatchObject({ ok: false, pos: 5 });
    expect(parseOutput("'x'", 'subn')).toMatchObject({
      ok: false,
      message: expect.stringContaining('subn returns a tuple'),
      pos: 0,
    });
    expect(parseOutput('[abc]', 'split')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Unknown name "abc"'),
      pos: 1,
    });
    expect(parseOutput("'\\x4'", 'sub')).toMatchObject({ ok: false, pos: 1 });
    expect(parseOutput("'a' x", 'sub')).toMatchObject({ ok: false, pos: 4 });
    expect(parseOutput("['a']", 'search')).toMatchObject({ ok: false });
    expect(parseOutput('True', 'sub')).toMatchObject({ ok: false });
  });
});

describe('groups', () => {
  it('writes and reads a dict of groups by number and name', () => {
    const groups = { year: '2025', 2: null, 1: 'a' } as Record<string, string | null>;
    const repr = groupsRepr(groups);
    expect(repr).toBe("{1: 'a', 2: None, 'year': '2025'}");
    expect(parseGroups(repr)).toEqual({ ok: true, value: { 1: 'a', 2: null, year: '2025' } });
    expect(parseGroups('{}')).toEqual({ ok: true, value: {} });
  });

  it('refuses what cannot be a group', () => {
    expect(parseGroups("{0: 'a'}")).toMatchObject({ ok: false, pos: 1 });
    expect(parseGroups("{'1x': 'a'}")).toMatchObject({ ok: false, pos: 1 });
    expect(parseGroups("{1: 'a', 1: 'b'}")).toMatchObject({ ok: false, message: 'Group 1 is listed twice.' });
    expect(parseGroups('{1: 2}')).toMatchObject({ ok: false, pos: 4 });
    expect(parseGroups("['a']")).toMatchObject({ ok: false, pos: 0 });
    const proto = parseGroups("{'__proto__': 'x'}");
    expect(proto.ok && Object.hasOwn(proto.value, '__proto__')).toBe(true);
  });
});
