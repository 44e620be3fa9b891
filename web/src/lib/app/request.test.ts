import { describe, expect, it } from 'vitest';
import { DEFAULT_SESSION, type Session } from '../state/session';
import { buildRequest, requestKey } from './request';

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

describe('requestKey', () => {
  it('is equal exactly for requests that ask for the same run', () => {
    const a = buildRequest(session({ op: 'finditer', replacement: 'x' }));
    const b = buildRequest(session({ op: 'finditer', replacement: 'y' }));
    expect(requestKey(a)).toBe(requestKey(b));
    const c = buildRequest(session({ op: 'sub', replacement: 'x' }));
    const d = buildRequest(session({ op: 'sub', replacement: 'y' }));
    expect(requestKey(c)).not.toBe(requestKey(d));
    expect(requestKey(buildRequest(session({ flags: 'i' })))).not.toBe(requestKey(a));
  });
});
