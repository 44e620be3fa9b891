import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION,
  FLAG_LETTERS,
  LIMITS,
  OPS,
  SESSION_KEYS,
  normalizeSession,
  pickSession,
  sameSession,
  type Session,
} from './session';
import { randomSession, seededRandom } from './testing';

describe('DEFAULT_SESSION', () => {
  it('is a valid session that normalises to itself without problems', () => {
    expect(normalizeSession({ ...DEFAULT_SESSION })).toEqual({
      session: DEFAULT_SESSION,
      problems: [],
    });
  });

  it('is a useful example: a pattern with named groups that finds dates in its text', () => {
    expect(DEFAULT_SESSION.pattern).toContain('(?P<year>');
    expect(DEFAULT_SESSION.text).toMatch(/\d{4}-\d\d-\d\d/);
  });

  it('cannot be mutated by accident', () => {
    expect(Object.isFrozen(DEFAULT_SESSION)).toBe(true);
  });

  it('has every field in SESSION_KEYS', () => {
    expect(Object.keys(DEFAULT_SESSION)).toEqual(SESSION_KEYS);
  });
});

describe('normalizeSession', () => {
  const full: Session = {
    pattern: 'a+',
    flags: 'im',
    op: 'sub',
    text: 'aaa\r\nb',
    replacement: 'x',
    count: 2,
    maxsplit: 3,
    deadlineMs: 5000,
    tests: [
      { text: 'aa\r\n', expect: 'match', groups: { '0': 'aa', year: null }, name: 'two' },
      { text: '', expect: 'no match', output: ['x', null, ['a', 'b']] },
    ],
    python: '3.12',
  };

  it('keeps a valid session exactly', () => {
    expect(normalizeSession(full)).toEqual({ session: full, problems: [] });
  });

  it('keeps random valid sessions exactly', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const session = randomSession(random);
      expect(normalizeSession(JSON.parse(JSON.stringify(session)))).toEqual({
        session,
        problems: [],
      });
    }
  });

  it('returns a new object, never the input or the default', () => {
    const { session } = normalizeSession(full);
    expect(session).not.toBe(full);
    expect(normalizeSession({}).session).not.toBe(DEFAULT_SESSION);
  });

  it('fills missing fields from the default without complaint (older links lack newer fields)', () => {
    expect(normalizeSession({ pattern: 'x' })).toEqual({
      session: { ...DEFAULT_SESSION, pattern: 'x' },
      problems: [],
    });
    expect(normalizeSession({})).toEqual({ session: { ...DEFAULT_SESSION }, problems: [] });
  });

  it.each([null, undefined, 42, 'text', true, [1, 2]])(
    'turns %j into the default with a problem',
    (input) => {
      const { session, problems } = normalizeSession(input);
      expect(session).toEqual(DEFAULT_SESSION);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/Expected a saved session/);
    },
  );

  it.each([
    ['pattern', 5, /"pattern" should be text but is 5/],
    ['text', null, /"text" should be text but is null/],
    ['replacement', ['x'], /"replacement" should be text but is a list/],
    ['op', 'explode', /"op" should be one of match, search, .* but is "explode"/],
    ['op', 'MATCH', /"op" should be one of/],
    ['flags', 3, /"flags" should be flag letters but is 3/],
    ['count', -1, /"count" should be a whole number from 0 to 2147483647/],
    ['count', 1.5, /"count" should be a whole number/],
    ['count', '3', /"count" should be a whole number .* but is "3"/],
    ['count', 1e300, /"count" should be a whole number/],
    ['maxsplit', LIMITS.maxRepeat + 1, /"maxsplit" should be a whole number/],
    ['deadlineMs', 0, /"deadlineMs" should be a whole number from 100 to 300000/],
    ['deadlineMs', 1e9, /"deadlineMs"/],
    ['deadlineMs', { valueOf: (): number => 5 }, /"deadlineMs" should be .* but is an object/],
    [
      'python',
      '3.9',
      /^"python" asks for Python "3\.9", which this page does not run; opened on Python 3\.14 instead \(this page runs 3\.11, 3\.12, 3\.13, 3\.14 and 3\.15\)\.$/,
    ],
    ['python', 3.12, /"python" asks for Python 3\.12, which this page does not run/],
    ['python', '3.12.7', /"python" asks for Python "3\.12\.7"/],
  ] as const)('rejects %s = %j with the default and a clear problem', (key, value, message) => {
    const { session, problems } = normalizeSession({ ...full, [key]: value });
    const expected = key === 'flags' ? '' : DEFAULT_SESSION[key];
    expect(session).toEqual({ ...full, [key]: expected });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('opens a session without a Python version (made before versions) on 3.14', () => {
    const old: Partial<Session> = { ...full };
    delete old.python;
    expect(normalizeSession(old)).toEqual({ session: { ...full, python: '3.14' }, problems: [] });
  });

  it('accepts every version the page ships, 3.15 pre-release included', () => {
    for (const key of ['3.11', '3.12', '3.13', '3.14', '3.15']) {
      expect(normalizeSession({ python: key })).toEqual({
        session: { ...DEFAULT_SESSION, python: key },
        problems: [],
      });
    }
  });

  it('accepts every operation', () => {
    for (const op of OPS) expect(normalizeSession({ op }).session.op).toBe(op);
  });

  it('puts flag letters in canonical order, without duplicates', () => {
    expect(normalizeSession({ flags: 'xmiim' })).toEqual({
      session: { ...DEFAULT_SESSION, flags: 'imx' },
      problems: [],
    });
    expect(normalizeSession({ flags: [...FLAG_LETTERS].reverse().join('') }).session.flags).toBe(
      FLAG_LETTERS,
    );
  });

  it('keeps incompatible flags (CPython reports those itself)', () => {
    expect(normalizeSession({ flags: 'au' }).session.flags).toBe('au');
  });

  it('drops unknown flag letters, reporting each once', () => {
    const { session, problems } = normalizeSession({ flags: 'iZgzgI' });
    expect(session.flags).toBe('i');
    expect(problems).toEqual(['Ignored unknown flag letters "Z", "g", "z", "I" in "flags".']);
  });

  it('ignores unknown keys but reports them, including __proto__ and constructor', () => {
    const input = JSON.parse(
      '{"pattern":"x","versions":[],"__proto__":{"polluted":1},"constructor":1}',
    );
    const { session, problems } = normalizeSession(input);
    expect(session).toEqual({ ...DEFAULT_SESSION, pattern: 'x' });
    expect(Object.keys(session)).toEqual(SESSION_KEYS);
    expect(problems).toEqual([
      'Ignored unknown field "versions".',
      'Ignored unknown field "__proto__".',
      'Ignored unknown field "constructor".',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('caps the number of problems and shortens hostile names', () => {
    const input: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) input[`junk${i}`] = i;
    input['k'.repeat(100_000)] = 1;
    const { problems } = normalizeSession(input);
    expect(problems).toHaveLength(21);
    expect(problems.at(-1)).toBe('…and 9981 more problems.');
    expect(problems.every((p) => p.length < 300)).toBe(true);
  });

  it('keeps strings exactly, including lone surrogates, NUL and CR', () => {
    const text = '\ud800a\r\n\r\0\udfff😀\t';
    expect(normalizeSession({ text, pattern: text }).session).toMatchObject({
      text,
      pattern: text,
    });
  });

  it('never throws, even for inputs whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    const { session, problems } = normalizeSession(hostile);
    expect(session).toEqual(DEFAULT_SESSION);
    expect(problems).toEqual(['The saved session could not be read; using the example.']);
  });
});

describe('the tests field', () => {
  it('is empty by default, so a link made before suites opens exactly as before', () => {
    expect(DEFAULT_SESSION.tests).toEqual([]);
    expect(normalizeSession({ pattern: 'x' }).session.tests).toEqual([]);
  });

  it('drops malformed cases with a problem each and keeps the others', () => {
    const { session, problems } = normalizeSession({
      tests: [
        { text: 'ok', expect: 'match' },
        'just text',
        { text: 5, expect: 'match' },
        { text: 'x', expect: 'matches' },
        { text: 'y', expect: 'no match', groups: { 1: 2 }, output: { a: 1 }, name: 3, why: 1 },
      ],
    });
    expect(session.tests).toEqual([
      { text: 'ok', expect: 'match' },
      { text: 'y', expect: 'no match' },
    ]);
    expect(problems).toEqual([
      'Dropped test case 2: it should be an object but is "just text".',
      'Dropped test case 3: its "text" should be text but is 5.',
      'Dropped test case 4: its "expect" should be "match" or "no match" but is "matches".',
      'Ignored the groups of test case 5: they are not text by group.',
      'Ignored the expected output of test case 5: it is not a value an op returns.',
      'Ignored the name of test case 5: it should be text but is 3.',
      'Ignored unknown field "why" in test case 5.',
    ]);
  });

  it('is replaced by none when it is not a list', () => {
    const { session, problems } = normalizeSession({ tests: { text: 'x' } });
    expect(session.tests).toEqual([]);
    expect(problems).toEqual([
      '"tests" should be a list of test cases but is an object; using none.',
    ]);
  });

  it('keeps a group named __proto__ as a plain key', () => {
    const input = JSON.parse(
      '{"tests":[{"text":"a","expect":"match","groups":{"__proto__":"a"}}]}',
    );
    const groups = normalizeSession(input).session.tests[0]!.groups!;
    expect(Object.keys(groups)).toEqual(['__proto__']);
    expect(JSON.stringify(groups)).toBe('{"__proto__":"a"}');
  });

  it(`keeps at most ${LIMITS.maxTests} cases`, () => {
    const tests = Array.from({ length: LIMITS.maxTests + 2 }, () => ({
      text: '',
      expect: 'match',
    }));
    const { session, problems } = normalizeSession({ tests });
    expect(session.tests).toHaveLength(LIMITS.maxTests);
    expect(problems).toHaveLength(1);
  });
});

describe('sameSession and pickSession', () => {
  it('compares field by field', () => {
    expect(sameSession({ ...DEFAULT_SESSION }, { ...DEFAULT_SESSION })).toBe(true);
    expect(sameSession({ ...DEFAULT_SESSION }, { ...DEFAULT_SESSION, count: 1 })).toBe(false);
  });

  it('compares tests by content, not by identity', () => {
    const one = [{ text: 'a', expect: 'match' as const, groups: { '1': null } }];
    const copy = JSON.parse(JSON.stringify(one)) as Session['tests'];
    expect(
      sameSession({ ...DEFAULT_SESSION, tests: one }, { ...DEFAULT_SESSION, tests: copy }),
    ).toBe(true);
    expect(
      sameSession(
        { ...DEFAULT_SESSION, tests: one },
        { ...DEFAULT_SESSION, tests: [...one, ...one] },
      ),
    ).toBe(false);
  });

  it('copies only the session fields, in canonical order', () => {
    const extra = { ...DEFAULT_SESSION, flags: 'i', junk: 1 } as Session;
    const picked = pickSession(extra);
    expect(Object.keys(picked)).toEqual(SESSION_KEYS);
    expect(picked).toEqual({ ...DEFAULT_SESSION, flags: 'i' });
  });
});
