/** The page's result texts: spans, Python reprs (checked against CPython's output) and notices. */
import { describe, expect, it } from 'vitest';
import type { EvaluateRequest } from './engine/contract';
import { formatSpan, pythonRepr, stoppedNotice } from './format';

describe('formatSpan', () => {
  it('writes a half-open interval', () => {
    expect(formatSpan([1, 4])).toBe('[1, 4)');
    expect(formatSpan([0, 0])).toBe('[0, 0)');
  });
});

describe('pythonRepr', () => {
  // Expected values are what CPython 3.14 prints for repr(s).
  it.each([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", '"it\'s"'],
    ['say "hi"', `'say "hi"'`],
    [`it's "x"`, `'it\\'s "x"'`],
    ['a\\b', "'a\\\\b'"],
    ['\t\n\r', "'\\t\\n\\r'"],
    ['\x00\x1b\x7f', "'\\x00\\x1b\\x7f'"],
    ['\x85\xa0', "'\\x85\\xa0'"],
    ['é ü', "'é ü'"],
    ['\u2028', "'\\u2028'"],
    ['\u200b', "'\\u200b'"],
    ['\ud800', "'\\ud800'"],
    ['😀', "'😀'"],
    ['\u{e0001}', "'\\U000e0001'"],
  ])('repr(%j) is %s', (text, repr) => {
    expect(pythonRepr(text)).toBe(repr);
  });
});

describe('stoppedNotice', () => {
  const request: EvaluateRequest = { pattern: '(a+)+$', text: 'aaab', op: 'search' };

  it('says how long, why and how', () => {
    const base = { kind: 'stopped', id: 1, request, afterMs: 2_004 } as const;
    expect(stoppedNotice({ ...base, how: 'interrupt', cause: 'deadline' })).toBe(
      'Stopped after 2.0 s — the pattern ran past the time limit (likely catastrophic backtracking) and was interrupted.',
    );
    expect(stoppedNotice({ ...base, how: 'restart', cause: 'deadline' })).toMatch(
      /^Stopped after 2\.0 s — .*restarted/,
    );
    expect(stoppedNotice({ ...base, how: 'interrupt', cause: 'user' })).toBe(
      'Stopped after 2.0 s — you stopped the run.',
    );
    expect(stoppedNotice({ ...base, how: 'restart', cause: 'crash' })).toMatch(/crashed/);
    expect(stoppedNotice({ kind: 'engineError', id: 1, request, message: 'boom' })).toBe(
      'The engine could not answer: boom',
    );
  });
});
