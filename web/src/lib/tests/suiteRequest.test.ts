import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION, type TestCase } from '../state/session';
import { frozen } from './cases';
import { buildSuite, casesOf, sameSuite, verdictsByCase } from './suiteRequest';

const tests = frozen([
  { text: 'a', expect: 'match', groups: { 1: 'a' }, output: ['a'] },
  { text: 'b', expect: 'no match', groups: { 1: 'b' } },
  { text: 'c', expect: 'no match' },
] satisfies TestCase[]);

describe('buildSuite', () => {
  it('takes only the arguments the op uses, and the session’s own list when it can', () => {
    const clean = frozen([{ text: 'x', expect: 'match' }]);
    const search = buildSuite({ ...DEFAULT_SESSION, op: 'search', replacement: 'r' }, clean);
    expect(search).toEqual({ pattern: DEFAULT_SESSION.pattern, flags: '', op: 'search', tests: clean });
    expect(search.tests).toBe(clean);
    expect(buildSuite({ ...DEFAULT_SESSION, op: 'subn', count: 2 }, clean)).toMatchObject({
      replacement: DEFAULT_SESSION.replacement,
      count: 2,
    });
    expect(buildSuite({ ...DEFAULT_SESSION, op: 'split', maxsplit: 1 }, clean).maxsplit).toBe(1);
  });

  it('leaves out what the core would refuse, once per list, and maps back to the session’s cases', () => {
    const findall = buildSuite({ ...DEFAULT_SESSION, op: 'findall' }, tests);
    expect(findall.tests).toEqual([
      { text: 'a', expect: 'match', groups: { 1: 'a' }, output: ['a'] },
      { text: 'b', expect: 'no match' },
      { text: 'c', expect: 'no match' },
    ]);
    expect(findall.tests[0]).toBe(tests[0]);
    const search = buildSuite({ ...DEFAULT_SESSION, op: 'search' }, tests);
    expect(search.tests[0]).toEqual({ text: 'a', expect: 'match', groups: { 1: 'a' } });
    // The next keystroke builds the very same list: the suites compare equal without a deep look.
    const again = buildSuite({ ...DEFAULT_SESSION, op: 'search' }, tests);
    expect(again.tests).toBe(search.tests);
    expect(sameSuite(search, again)).toBe(true);
    expect(casesOf(search)).toBe(tests);
    // The session keeps what was left out.
    expect(tests[0]!.output).toEqual(['a']);
  });

  it('maps verdicts to the cases they are about', () => {
    const verdict = (index: number) => ({
      index,
      name: null,
      ok: true,
      status: 'pass' as const,
      expected: { expect: 'match' as const },
      actual: null,
      message: '',
      elapsedMs: 0,
    });
    const map = verdictsByCase(tests, {
      passed: 2,
      failed: 0,
      python: '3.14',
      cases: [verdict(0), verdict(2), verdict(9)],
      error: null,
      elapsedMs: 0,
    });
    expect(map.get(tests[0]!)?.index).toBe(0);
    expect(map.get(tests[2]!)?.index).toBe(2);
    expect(map.size).toBe(2);
  });
});
