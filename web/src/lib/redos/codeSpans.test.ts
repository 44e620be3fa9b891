import { describe, expect, it } from 'vitest';
import { codeSpans } from './codeSpans';

describe('codeSpans', () => {
  it('cuts a hint into plain text and the code between backticks', () => {
    expect(codeSpans('make possessive `\\w+`: `^(\\w++)*$` finds the same')).toEqual([
      { text: 'make possessive ', code: false },
      { text: '\\w+', code: true },
      { text: ': ', code: false },
      { text: '^(\\w++)*$', code: true },
      { text: ' finds the same', code: false },
    ]);
  });

  it('keeps text without backticks, and an unpaired backtick, as plain text', () => {
    expect(codeSpans('remove the overlap')).toEqual([{ text: 'remove the overlap', code: false }]);
    expect(codeSpans('a `b` and ` c')).toEqual([
      { text: 'a ', code: false },
      { text: 'b', code: true },
      { text: ' and ` c', code: false },
    ]);
    expect(codeSpans('')).toEqual([]);
  });
});
