/**
 * Words the railroad diagram writes on its stations: characters made visible (a newline as `\n`,
 * a no-break space as `\u00a0`, so nothing on a station is blank or invisible) and the categories
 * `\d \s \w` and their negations as words. Pure.
 */
import type { ExplainNode } from '../engine/contract';

const NAMED: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\x07': '\\a',
  '\b': '\\b',
  '\0': '\\0',
};

/** Characters that would be blank or invisible on a station: controls, formats, separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Cs}]/u;

/** `text` with every invisible character written as its escape (the space stays a space). */
export function visibleText(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === ' ' || !INVISIBLE.test(char)) out += char;
    else out += NAMED[char] ?? escapeOf(char);
  }
  return out;
}

function escapeOf(char: string): string {
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

const CATEGORY: Readonly<Record<string, string>> = {
  digit: 'digit',
  notDigit: 'not a digit',
  space: 'whitespace',
  notSpace: 'not whitespace',
  word: 'word character',
  notWord: 'not a word character',
};

/** `\d` and friends as words; "(ASCII)" when the ASCII flag narrows them. */
export function categoryWords(node: ExplainNode, flags: ReadonlySet<string>): string {
  const words = CATEGORY[node.category ?? ''] ?? node.description;
  return flags.has('ASCII') ? `${words} (ASCII)` : words;
}
