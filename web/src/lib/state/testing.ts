/**
 * Test helpers for the state modules: a seeded random generator of hostile-but-valid sessions and an
 * in-memory Storage with switchable failures. Imported only by *.test.ts files; never by the page.
 */
import { RUNTIMES } from '../engine/runtimes';
import { EXPECTATIONS, FLAG_LETTERS, LIMITS, OPS, type Session, type TestCase } from './session';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Pieces that break naive text handling: line ends, NUL, astral, lone surrogates, BOM, quotes. */
const TRICKY = [
  '\r\n',
  '\r',
  '\n',
  '\t',
  '\0',
  '😀',
  '𝔘',
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\ufeff',
  '\u2028',
  '\u0301',
  '"',
  '\\',
  "'",
  '<b>',
  '%',
  '#',
  '=',
  ' ',
  'a',
  'Zz9',
  '(?P<y>\\d+)',
  'é',
  '中文',
];

export function randomText(random: () => number, maxPieces = 40): string {
  const pieces = Math.floor(random() * (maxPieces + 1));
  let text = '';
  for (let i = 0; i < pieces; i++) {
    text +=
      random() < 0.7
        ? TRICKY[Math.floor(random() * TRICKY.length)]!
        : String.fromCharCode(Math.floor(random() * 0x10000));
  }
  return text;
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function randomSession(random: () => number): Session {
  return {
    pattern: randomText(random),
    flags: [...FLAG_LETTERS].filter(() => random() < 0.3).join(''),
    op: OPS[Math.floor(random() * OPS.length)]!,
    text: randomText(random, 200),
    replacement: randomText(random, 10),
    count: random() < 0.5 ? 0 : randomInt(random, 0, LIMITS.maxRepeat),
    maxsplit: random() < 0.5 ? 0 : randomInt(random, 0, 1000),
    deadlineMs: randomInt(random, LIMITS.minDeadlineMs, LIMITS.maxDeadlineMs),
    tests: Array.from({ length: randomInt(random, 0, 4) }, () => randomTestCase(random)),
    python: RUNTIMES[Math.floor(random() * RUNTIMES.length)]!.key,
  };
}

/** A valid case with tricky text, and each optional field present about half the time. */
export function randomTestCase(random: () => number): TestCase {
  const testCase: TestCase = {
    text: randomText(random, 30),
    expect: EXPECTATIONS[Math.floor(random() * EXPECTATIONS.length)]!,
  };
  if (random() < 0.5) testCase.groups = { '1': randomText(random, 5), name: null };
  if (random() < 0.5) testCase.output = [randomText(random, 5), null, ['a', randomText(random, 3)]];
  if (random() < 0.5) testCase.name = randomText(random, 5);
  return testCase;
}

type Operation = 'get' | 'set' | 'remove';

/** An in-memory Storage whose operations can be made to throw, like a blocked or full browser store. */
export class FakeStorage implements Storage {
  readonly items = new Map<string, string>();
  /** Operations that throw `failure` until cleared. */
  failing = new Set<Operation>();
  failure: () => Error = () => new DOMException('The operation is insecure.', 'SecurityError');
  /** Bytes (UTF-16 code units) allowed in total; writes past it throw QuotaExceededError. */
  quota = Infinity;
  calls: { op: Operation; key: string }[] = [];

  get length(): number {
    return this.items.size;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    this.#call('get', key);
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#call('set', key);
    let used = key.length + value.length;
    for (const [k, v] of this.items) if (k !== key) used += k.length + v.length;
    if (used > this.quota) {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.#call('remove', key);
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
  #call(op: Operation, key: string): void {
    this.calls.push({ op, key });
    if (this.failing.has(op)) throw this.failure();
  }
}
