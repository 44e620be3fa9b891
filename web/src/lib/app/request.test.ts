import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION, type Session } from '../state/session';
import { buildRequest, sameRequest } from './request';

const session = (changes: Partial<Session>): Session => ({ ...DEFAULT_SESSION, ...changes });

describe('buildRequest', () => {
  it('sends only what the operation uses', () => {
    expect(buildRequest(session({ op: 'finditer', flags: 'i' }))).toEqual({
      pattern: DEFAULT_SESSION.pattern,
      text: DEFAULT_SESSION.text,
      op: 'finditer',
      flags: 'i',
    });
    expect(buildRequest(session({ op: 'sub', count: 2 }))).toMatchObject({
      replacement: DEFAULT_SESSION.replacement,
      count: 2,
    });
    expect(buildRequest(session({ op: 'sub' }))).not.toHaveProperty('maxsplit');
    expect(buildRequest(session({ op: 'split', maxsplit: 3 }))).toMatchObject({ maxsplit: 3 });
    expect(buildRequest(session({ op: 'split' }))).not.toHaveProperty('replacement');
  });

  it('keeps the text exactly', () => {
    const text = 'a\r\nb\rc\t😀\ud800\n';
    expect(buildRequest(session({ text })).text).toBe(text);
  });
});

describe('sameRequest', () => {
  it('is true exactly for requests that ask for the same run', () => {
    const a = buildRequest(session({ op: 'finditer', replacement: 'x' }));
    const b = buildRequest(session({ op: 'finditer', replacement: 'y' }));
    expect(sameRequest(a, b)).toBe(true);
    const c = buildRequest(session({ op: 'sub', replacement: 'x' }));
    const d = buildRequest(session({ op: 'sub', replacement: 'y' }));
    expect(sameRequest(c, d)).toBe(false);
    expect(sameRequest(c, { ...c })).toBe(true);
    expect(sameRequest(buildRequest(session({ flags: 'i' })), a)).toBe(false);
    expect(sameRequest(buildRequest(session({ text: 'other' })), a)).toBe(false);
    expect(sameRequest(buildRequest(session({ op: 'split', maxsplit: 1 })), a)).toBe(false);
    expect(sameRequest(buildRequest(session({ op: 'sub', count: 1 })), c)).toBe(false);
    // No flags and empty flags ask for the same run.
    expect(sameRequest({ ...a, flags: '' }, { pattern: a.pattern, text: a.text, op: a.op })).toBe(
      true,
    );
    expect(sameRequest(a, null)).toBe(false);
    expect(sameRequest(null, null)).toBe(true);
  });
});
