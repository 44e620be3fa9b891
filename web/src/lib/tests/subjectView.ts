/**
 * A case's subject laid out for one row of the list: the exact text, with the characters a regex
 * cares about but the eye misses made visible as the editor shows them (specialChars.ts): line
 * breaks as ↵, CR/NUL/ESC… as small badges, tabs as →, look-alike spaces as ⍽, and an empty
 * subject as a marked "empty". Each mark carries the name a screen reader says. Only the start of
 * a long subject is laid out (a row shows one line). Pure: no DOM.
 */
import { badgeText, spaceName } from '../editor/specialChars';

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'mark'; shown: string; name: string; badge: boolean };

/** Laid out at most this many UTF-16 units; a row never shows more. */
const MAX_UNITS = 300;

const LOOKALIKE_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;
/** What the editor marks: controls (but tab/LF, handled apart), DEL..NBSP, and invisible formats. */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const SPECIAL = /[\0-\x08\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffc]/;

const NAMES: Record<string, string> = {
  '\n': 'line break',
  '\t': 'tab',
  '\r': 'carriage return',
  '\0': 'null character',
};

export function subjectSegments(text: string): Segment[] {
  if (text === '') return [{ kind: 'mark', shown: 'empty', name: 'empty string', badge: true }];
  const segments: Segment[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain !== '') segments.push({ kind: 'text', text: plain });
    plain = '';
  };
  const end = Math.min(text.length, MAX_UNITS);
  for (let i = 0; i < end; i++) {
    const char = text[i]!;
    const code = char.charCodeAt(0);
    let mark: Segment | null = null;
    if (char === '\n') mark = { kind: 'mark', shown: '↵', name: NAMES['\n']!, badge: false };
    else if (char === '\t') mark = { kind: 'mark', shown: '→', name: NAMES['\t']!, badge: false };
    else if (LOOKALIKE_SPACE.test(char)) mark = { kind: 'mark', shown: '⍽', name: spaceName(code), badge: false };
    else if (SPECIAL.test(char)) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      mark = { kind: 'mark', shown: badgeText(code), name: NAMES[char] ?? `U+${hex}`, badge: true };
    }
    if (mark === null) {
      plain += char;
      continue;
    }
    flush();
    segments.push(mark);
  }
  flush();
  if (text.length > MAX_UNITS) segments.push({ kind: 'text', text: '…' });
  return segments;
}
