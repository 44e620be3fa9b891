import { describe, expect, it } from 'vitest';
import { subjectSegments } from './subjectView';

describe('subjectSegments', () => {
  it('keeps plain text whole and marks what the eye would miss', () => {
    expect(subjectSegments('abc')).toEqual([{ kind: 'text', text: 'abc' }]);
    expect(subjectSegments('a\r\nb\tc\0\u00a0')).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'mark', shown: 'CR', name: 'carriage return', badge: true },
      { kind: 'mark', shown: '↵', name: 'line break', badge: false },
      { kind: 'text', text: 'b' },
      { kind: 'mark', shown: '→', name: 'tab', badge: false },
      { kind: 'text', text: 'c' },
      { kind: 'mark', shown: 'NUL', name: 'null character', badge: true },
      { kind: 'mark', shown: '⍽', name: 'no-break space (U+00A0)', badge: false },
    ]);
    expect(subjectSegments('\u200b')).toEqual([
      { kind: 'mark', shown: 'ZWSP', name: 'U+200B', badge: true },
    ]);
  });

  it('marks an empty subject and lays out only the start of a long one', () => {
    expect(subjectSegments('')).toEqual([
      { kind: 'mark', shown: 'empty', name: 'empty string', badge: true },
    ]);
    const long = subjectSegments('x'.repeat(10_000));
    expect(long).toEqual([
      { kind: 'text', text: 'x'.repeat(300) },
      { kind: 'text', text: '…' },
    ]);
  });
});
