/**
 * Python literals for what a test case expects: the repr the page shows for an op's return value
 * (`['a', None]`, `('x-y', 2)`, `[('2025', '10')]`) and for expected groups (`{1: 'a', 'year':
 * None}`), and the way back from what the user typed to the JSON the core reads (Output.value, and
 * groups keyed by number or name). Only the literals those values use are read: str (quotes,
 * escapes, r-prefix, adjacent literals joined), None, ints, lists, tuples and, for groups, a dict.
 *
 * Pure: no DOM, no engine. Parsing never throws; a mistake comes back with its position so the
 * field can point at it, and the user's text is never altered.
 */
import { pythonRepr } from '../format';
import type { Op, OutputValue } from '../state/session';

/** A parsed value, or why not and where (a UTF-16 offset into the text). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; pos: number };

/** The ops whose return value a case can expect (the others return Match objects or iterators). */
export const OUTPUT_OPS: readonly Op[] = ['findall', 'sub', 'subn', 'split'];

export function expectsOutput(op: Op): boolean {
  return OUTPUT_OPS.includes(op);
}

// ---- JSON -> repr --------------------------------------------------------------------------------

/** Python's repr() of a str (format.ts has the one copy of CPython's rules). */
export const strRepr = pythonRepr;

function itemRepr(item: string | number | null | string[], tuples: boolean): string {
  if (item === null) return 'None';
  if (typeof item === 'number') return String(item);
  if (typeof item === 'string') return strRepr(item);
  return tuples ? tupleRepr(item.map(strRepr)) : `[${item.map(strRepr).join(', ')}]`;
}

function tupleRepr(parts: string[]): string {
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/**
 * The repr of an op's return value given as JSON: subn's pair and findall's group lists are
 * tuples in Python, so they are written as tuples.
 */
export function outputRepr(value: OutputValue, op: Op): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return strRepr(value);
  if (op === 'subn') return tupleRepr(value.map((item) => itemRepr(item, true)));
  return `[${value.map((item) => itemRepr(item, op === 'findall')).join(', ')}]`;
}

/** A group key as Python writes it: a number bare, a name quoted. */
function groupKey(key: string): string {
  return /^\d+$/.test(key) ? key : strRepr(key);
}

/** Expected groups as a dict literal, numbers first in order, then names as given. */
export function groupsRepr(groups: Readonly<Record<string, string | null>>): string {
  const keys = Object.keys(groups);
  const numbers = keys.filter((key) => /^\d+$/.test(key)).sort((a, b) => Number(a) - Number(b));
  const names = keys.filter((key) => !/^\d+$/.test(key));
  const parts = [...numbers, ...names].map((key) => {
    const value = groups[key];
    return `${groupKey(key)}: ${value === null || value === undefined ? 'None' : strRepr(value)}`;
  });
  return `{${parts.join(', ')}}`;
}

// ---- repr -> JSON --------------------------------------------------------------------------------

type Node =
  | { kind: 'str'; value: string; pos: number }
  | { kind: 'none'; pos: number }
  | { kind: 'int'; value: number; pos: number }
  | { kind: 'list' | 'tuple'; items: Node[]; pos: number }
  | { kind: 'dict'; entries: Array<[Node, Node]>; pos: number };

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** A recursive-descent reader of the few Python literals above. */
class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, pos = this.pos): never {
    throw new SyntaxProblem(message, pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  expect(char: string, what: string): void {
    if (this.peek() !== char) this.fail(`Expected ${what} here.`);
    this.pos++;
  }

  value(): Node {
    const start = (this.skipSpace(), this.pos);
    const char = this.peek();
    if (char === '') this.fail('Expected a value here.');
    if (char === '[') return this.sequence('list', '[', ']');
    if (char === '(') return this.parenthesised();
    if (char === '{') return this.dict();
    if (/[-\d]/.test(char)) return this.int();
    if (this.text.startsWith('None', start) && !/\w/.test(this.text[start + 4] ?? '')) {
      this.pos = start + 4;
      return { kind: 'none', pos: start };
    }
    if (/['"]/.test(char) || /^[rRuU]['"]/.test(this.text.slice(start, start + 2))) {
      return this.strings();
    }
    const word = /^\w+/.exec(this.text.slice(start))?.[0];
    if (word === 'True' || word === 'False') this.fail(`${word} is not a value these calls return.`);
    if (word === 'b' || word === 'B') this.fail('Bytes are not supported: the page tests str patterns.');
    return this.fail(
      word === undefined
        ? `Unexpected ${JSON.stringify(char)}: expected a string in quotes, None, a number, a list or a tuple.`
        : `Unknown name ${JSON.stringify(word)}: write text in quotes, e.g. '${word}'.`,
    );
  }

  int(): Node {
    const start = this.pos;
    const found = /^-?\s*\d+/.exec(this.text.slice(start));
    if (found === null) this.fail('Expected a number here.');
    this.pos = start + found[0].length;
    const value = Number(found[0].replace(/\s/g, ''));
    if (!Number.isSafeInteger(value)) this.fail('This number is too large.', start);
    return { kind: 'int', value, pos: start };
  }

  /** One or more adjacent string literals, joined as Python joins them. */
  strings(): Node {
    const start = this.pos;
    let value = '';
    do value += this.string();
    while (/['"]/.test(this.peek()) || /^[rRuU]['"]/.test(this.text.slice(this.pos, this.pos + 2)));
    return { kind: 'str', value, pos: start };
  }

  string(): string {
    const start = this.pos;
    let raw = false;
    if (/[rRuU]/.test(this.text[this.pos]!)) {
      raw = /[rR]/.test(this.text[this.pos]!);
      this.pos++;
    }
    const quote = this.text[this.pos]!;
    const triple = this.text.startsWith(quote.repeat(3), this.pos);
    const close = triple ? quote.repeat(3) : quote;
    this.pos += close.length;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail('This string has no closing quote.', start);
      if (this.text.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const char = this.text[this.pos]!;
      if (!triple && (char === '\n' || char === '\r')) {
        this.fail('A line break inside quotes: write it as \\n.', this.pos);
      }
      if (char !== '\\') {
        out += char;
        this.pos++;
        continue;
      }
      if (raw) {
        // A raw string keeps the backslash; it only stops the next quote from closing it.
        out += char + (this.text[this.pos + 1] ?? '');
        this.pos += 2;
        continue;
      }
      out += this.escape();
    }
  }

  escape(): string {
    const start = this.pos;
    const next = this.text[this.pos + 1] ?? '';
    this.pos += 2;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) return simple;
    if (next === '\n') return '';
    if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(this.text.slice(start + 1))![0];
      this.pos = start + 1 + digits.length;
      return String.fromCodePoint(parseInt(digits, 8));
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const digits = this.text.slice(this.pos, this.pos + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(digits)) {
        this.fail(`\\${next} needs ${width} hexadecimal digits.`, start);
      }
      this.pos += width;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) this.fail(`\\U${digits} is beyond the last Unicode character.`, start);
      return String.fromCodePoint(code);
    }
    if (next === 'N') this.fail('\\N{…} names are not supported here: use \\u or the character.', start);
    if (next === '') this.fail('A backslash at the end of the string.', start);
    // Python keeps an unknown escape as it is (and warns).
    return `\\${next}`;
  }

  sequence(kind: 'list' | 'tuple', open: string, close: string): Node {
    const start = (this.skipSpace(), this.pos);
    this.expect(open, open);
    const items: Node[] = [];
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail(`Expected "," or "${close}" here.`);
    }
    this.pos++;
    return { kind, items, pos: start };
  }

  /** `(x)` is x; `(x,)` and `(x, y)` are tuples; `()` is the empty tuple. */
  parenthesised(): Node {
    const start = (this.skipSpace(), this.pos);
    this.pos++;
    if (this.peek() === ')') {
      this.pos++;
      return { kind: 'tuple', items: [], pos: start };
    }
    const first = this.value();
    if (this.peek() === ')') {
      this.pos++;
      return first;
    }
    this.expect(',', '"," or ")"');
    const items = [first];
    while (this.peek() !== ')') {
      items.push(this.value());
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== ')') this.fail('Expected "," or ")" here.');
    }
    this.pos++;
    return { kind: 'tuple', items, pos: start };
  }

  dict(): Node {
    const start = (this.skipSpace(), this.pos);
    this.pos++;
    const entries: Array<[Node, Node]> = [];
    while (this.peek() !== '}') {
      const key = this.value();
      this.expect(':', '":"');
      entries.push([key, this.value()]);
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail('Expected "," or "}" here.');
    }
    this.pos++;
    return { kind: 'dict', entries, pos: start };
  }

  /** The one value the whole text holds. */
  whole(): Node {
    const node = this.value();
    if (this.peek() !== '') this.fail('Unexpected text after the value.');
    return node;
  }
}

function read<T>(text: string, convert: (node: Node) => T): Parsed<T> {
  try {
    return { ok: true, value: convert(new Reader(text).whole()) };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, message: error.message, pos: error.pos };
    throw error;
  }
}

const SHAPES: Partial<Record<Op, string>> = {
  findall: "findall returns a list: of strings, or of tuples of strings when the pattern has groups, e.g. ['a', 'b'] or [('a', '1')].",
  sub: "sub returns the new string, e.g. 'x-y'.",
  subn: "subn returns a tuple of the new string and the number of replacements, e.g. ('x-y', 2).",
  split: "split returns a list of strings, with None for a group that did not take part, e.g. ['a', None, 'b'].",
};

function wrongShape(op: Op, node: Node): never {
  throw new SyntaxProblem(SHAPES[op] ?? `${op} has no return value to expect.`, node.pos);
}

function str(node: Node, op: Op): string {
  if (node.kind !== 'str') wrongShape(op, node);
  return node.value;
}

/**
 * Reads the expected return value of `op` from its Python repr. Both lists and tuples are taken
 * where Python prints one of them (JSON has only lists).
 */
export function parseOutput(text: string, op: Op): Parsed<OutputValue> {
  return read(text, (node): OutputValue => {
    switch (op) {
      case 'sub':
        return str(node, op);
      case 'subn': {
        const [first, second] = node.kind === 'tuple' || node.kind === 'list' ? node.items : [];
        if (
          (node.kind !== 'tuple' && node.kind !== 'list') ||
          node.items.length !== 2 ||
          second?.kind !== 'int' ||
          second.value < 0
        ) {
          wrongShape(op, node);
        }
        return [str(first!, op), second.value];
      }
      case 'findall':
        if (node.kind !== 'list') wrongShape(op, node);
        return node.items.map((item) =>
          item.kind === 'tuple' || item.kind === 'list'
            ? item.items.map((part) => str(part, op))
            : str(item, op),
        );
      case 'split':
        if (node.kind !== 'list') wrongShape(op, node);
        return node.items.map((item) => (item.kind === 'none' ? null : str(item, op)));
      default:
        return wrongShape(op, node);
    }
  });
}

/** Reads expected groups from a dict literal: keys are group numbers (≥ 1) or names. */
export function parseGroups(text: string): Parsed<Record<string, string | null>> {
  return read(text, (node) => {
    if (node.kind !== 'dict') {
      throw new SyntaxProblem("Write the groups as a dict, e.g. {1: 'a', 'year': '2025', 2: None}.", node.pos);
    }
    const entries: Array<[string, string | null]> = [];
    const seen = new Set<string>();
    for (const [key, value] of node.entries) {
      let name: string;
      if (key.kind === 'int' && key.value >= 1) name = String(key.value);
      else if (key.kind === 'str' && /^[^\W\d]\w*$/u.test(key.value)) name = key.value;
      else if (key.kind === 'int') throw new SyntaxProblem('Group numbers start at 1 (0 is the whole match).', key.pos);
      else throw new SyntaxProblem('A group is a number or a name in quotes, e.g. 1 or \'year\'.', key.pos);
      if (seen.has(name)) throw new SyntaxProblem(`Group ${name} is listed twice.`, key.pos);
      seen.add(name);
      if (value.kind === 'none') entries.push([name, null]);
      else if (value.kind === 'str') entries.push([name, value.value]);
      else throw new SyntaxProblem("A group's value is a string, or None when it did not take part.", value.pos);
    }
    // fromEntries defines own properties, so a group named "__proto__" stays a plain key.
    return Object.fromEntries(entries) as Record<string, string | null>;
  });
}
