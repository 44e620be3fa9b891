/**
 * The user's whole working state as one plain, JSON-safe value (`Session`), its default, and the one
 * normaliser every untrusted source goes through (permalinks, localStorage, anything pasted in).
 *
 * Never throws, never touches the DOM, storage or the URL, and never trusts its input: anything
 * that is not exactly right is replaced by the default for that field and reported in `problems`.
 *
 * Growing the session: add a field to `Session` and one entry to `FIELDS`. Links and saved states
 * made before the field existed simply lack it, so a new field's default must be neutral (an empty
 * list of tests, no extra Python versions) — it must not change what an old link shows. Renaming or
 * re-meaning a field needs a new permalink version instead (see permalink.ts).
 */
import { DEFAULT_RUNTIME, isRuntimeKey, RUNTIMES, type RuntimeKey } from '../engine/runtimes';

/** The `re` functions the page can call, in the order the operation picker lists them. */
export const OPS = [
  'match',
  'search',
  'fullmatch',
  'findall',
  'finditer',
  'sub',
  'subn',
  'split',
] as const;
export type Op = (typeof OPS)[number];

/**
 * Flag letters as in Python's inline flags, in canonical order: IGNORECASE, MULTILINE, DOTALL,
 * VERBOSE, ASCII, LOCALE, UNICODE. Incompatible combinations (`a` with `u`, `l` on a str pattern)
 * are kept on purpose: CPython's own error for them is what the page shows.
 */
export const FLAG_LETTERS = 'imsxalu';

/** What a test case expects of the session's operation on its text. */
export const EXPECTATIONS = ['match', 'no match'] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/**
 * The JSON form of an op's return value, as the core's `Output.value` (findall: strings or lists
 * of strings; sub: a string; subn: [string, count]; split: strings and nulls).
 */
export type OutputValue = string | null | Array<string | number | null | string[]>;

/**
 * One test case: a subject text and what the op must do with it. The same shape as the core's
 * `SuiteCase` (py/pyregex/contract.py), so a session's tests are a suite file's tests as they are.
 */
export interface TestCase {
  /** The subject, kept exactly like the test string. */
  text: string;
  expect: Expectation;
  /** Expected groups of the first match by number ("1") or name; null: did not take part. */
  groups?: Record<string, string | null>;
  /** findall/sub/subn/split: the expected return value. */
  output?: OutputValue;
  name?: string;
}

export interface Session {
  pattern: string;
  /** Distinct letters from FLAG_LETTERS, in that order ('' for none). */
  flags: string;
  op: Op;
  /** The test string, kept exactly (CRLF, lone CR, NUL, lone surrogates). */
  text: string;
  /** The replacement template for sub/subn. */
  replacement: string;
  /** sub/subn `count`: the most replacements to make, 0 for all. */
  count: number;
  /** split `maxsplit`: the most splits to make, 0 for all. */
  maxsplit: number;
  /** How long one run may take before it is stopped, in milliseconds. */
  deadlineMs: number;
  /**
   * The test suite's cases, run with the session's pattern, flags and op. Replaced, never mutated
   * in place (a new array for every edit).
   */
  tests: readonly TestCase[];
  /**
   * The CPython minor version everything runs on ("3.12"), one of the runtimes the page ships
   * (runtimes.ts). Links made before versions lack it and open on the default, 3.14, which is
   * what they ran on.
   */
  python: RuntimeKey;
}

/** Bounds a valid session keeps to; beyond them a number is absurd rather than a choice. */
export const LIMITS = {
  /** Fits a C `int`, comfortably below Python's Py_ssize_t limit for count/maxsplit. */
  maxRepeat: 2_147_483_647,
  minDeadlineMs: 100,
  maxDeadlineMs: 300_000,
  /** Cases a suite may hold: far more than anyone types, few enough to run in one call. */
  maxTests: 10_000,
} as const;

export const DEFAULT_SESSION: Readonly<Session> = Object.freeze({
  pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`,
  flags: '',
  op: 'finditer',
  text: 'Released 2025-10-07, patched 2025-11-18.\nNot a date: 2025-1-5 or 25-10-07.\n',
  replacement: String.raw`\g<day>/\g<month>/\g<year>`,
  count: 0,
  maxsplit: 0,
  deadlineMs: 2000,
  tests: Object.freeze([]) as readonly TestCase[],
  python: DEFAULT_RUNTIME,
});

export interface NormalizedSession {
  session: Session;
  /** One plain-English sentence per thing that was repaired or ignored; empty when all was fine. */
  problems: string[];
}

/** At most this many problems are listed; the rest are summarised in one line. */
const MAX_PROBLEMS = 20;

/**
 * Reads one field of untrusted input. Returns the clean value, or `undefined` (after reporting why)
 * to fall back to the default. `label` names the field in messages.
 */
type FieldReader<T> = (
  value: unknown,
  label: string,
  report: (problem: string) => void,
) => T | undefined;

type FieldSpecs = { [K in keyof Session]: FieldReader<Session[K]> };

const FIELDS: FieldSpecs = {
  pattern: readString,
  flags: readFlags,
  op: readOp,
  text: readString,
  replacement: readString,
  count: readInteger(0, LIMITS.maxRepeat, '0 means all'),
  maxsplit: readInteger(0, LIMITS.maxRepeat, '0 means all'),
  deadlineMs: readInteger(LIMITS.minDeadlineMs, LIMITS.maxDeadlineMs, 'milliseconds'),
  tests: readTests,
  python: readPython,
};

/** The session's field names in their canonical order (the order they are serialised in). */
export const SESSION_KEYS = Object.keys(FIELDS) as (keyof Session)[];

/**
 * Turns anything (parsed JSON from a link or from storage) into a valid Session. Missing fields
 * take their default silently (older links lack newer fields); wrong ones take their default with a
 * problem; unknown keys are ignored with a problem. Never throws.
 */
export function normalizeSession(input: unknown): NormalizedSession {
  const problems: string[] = [];
  let dropped = 0;
  const report = (problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    else dropped++;
  };
  const session: Session = { ...DEFAULT_SESSION };
  if (!isRecord(input)) {
    report(`Expected a saved session (an object) but found ${describe(input)}; using the example.`);
    return { session, problems };
  }
  try {
    for (const key of SESSION_KEYS) {
      if (!Object.hasOwn(input, key)) continue;
      assignField(session, key, FIELDS[key], input[key], report);
    }
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(FIELDS, key)) report(`Ignored unknown field ${quote(key)}.`);
    }
  } catch {
    // Only an exotic input (a Proxy or getter that throws) gets here; plain parsed JSON never does.
    report('The saved session could not be read; using the example.');
    return { session: { ...DEFAULT_SESSION }, problems: finish(problems, dropped) };
  }
  return { session, problems: finish(problems, dropped) };
}

function assignField<K extends keyof Session>(
  session: Session,
  key: K,
  read: FieldReader<Session[K]>,
  value: unknown,
  report: (problem: string) => void,
): void {
  const clean = read(value, quote(key), report);
  if (clean !== undefined) session[key] = clean;
}

function finish(problems: string[], dropped: number): string[] {
  if (dropped > 0) problems.push(`…and ${dropped} more problem${dropped === 1 ? '' : 's'}.`);
  return problems;
}

/** True when two sessions hold the same values in every field. */
export function sameSession(a: Session, b: Session): boolean {
  return SESSION_KEYS.every((key) =>
    key === 'tests' ? sameTests(a.tests, b.tests) : Object.is(a[key], b[key]),
  );
}

/** True when two lists hold the same cases, field for field, in the same order. */
export function sameTests(a: readonly TestCase[], b: readonly TestCase[]): boolean {
  if (a === b) return true;
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** A fresh plain copy holding only the session's own fields, in canonical order. */
export function pickSession(session: Session): Session {
  const copy = {} as Record<keyof Session, unknown>;
  for (const key of SESSION_KEYS) copy[key] = session[key];
  return copy as Session;
}

// ---- field readers ------------------------------------------------------------------------------

function readString(value: unknown, label: string, report: (problem: string) => void) {
  if (typeof value === 'string') return value;
  report(`${label} should be text but is ${describe(value)}; using the default.`);
  return undefined;
}

/** A version this page ships; any other (an older page's, a newer page's) opens on the default. */
function readPython(
  value: unknown,
  label: string,
  report: (problem: string) => void,
): RuntimeKey | undefined {
  if (isRuntimeKey(value)) return value;
  const shipped = RUNTIMES.map((runtime) => runtime.key);
  report(
    `${label} asks for Python ${describe(value)}, which this page does not run; opened on ` +
      `Python ${DEFAULT_RUNTIME} instead (this page runs ${shipped.slice(0, -1).join(', ')} ` +
      `and ${shipped.at(-1) ?? ''}).`,
  );
  return undefined;
}

function readOp(value: unknown, label: string, report: (problem: string) => void): Op | undefined {
  if (typeof value === 'string' && (OPS as readonly string[]).includes(value)) return value as Op;
  report(
    `${label} should be one of ${OPS.join(', ')} but is ${describe(value)}; ` +
      `using ${DEFAULT_SESSION.op}.`,
  );
  return undefined;
}

/** Keeps the known letters (deduplicated, canonical order) and reports the others. */
function readFlags(value: unknown, label: string, report: (problem: string) => void) {
  if (typeof value !== 'string') {
    report(`${label} should be flag letters but is ${describe(value)}; using no flags.`);
    return '';
  }
  const unknown = [...new Set([...value].filter((letter) => !FLAG_LETTERS.includes(letter)))];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 8).map(quote).join(', ');
    report(`Ignored unknown flag letter${unknown.length === 1 ? '' : 's'} ${shown} in ${label}.`);
  }
  return [...FLAG_LETTERS].filter((letter) => value.includes(letter)).join('');
}

function readInteger(min: number, max: number, hint: string): FieldReader<number> {
  return (value, label, report) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      return value;
    }
    report(
      `${label} should be a whole number from ${min} to ${max} (${hint}) but is ` +
        `${describe(value)}; using the default.`,
    );
    return undefined;
  };
}

/**
 * Keeps each well-formed case (unknown keys dropped, with a problem) and reports the others; a
 * case needs a string `text` and an `expect` of 'match' or 'no match'.
 */
function readTests(
  value: unknown,
  label: string,
  report: (problem: string) => void,
): TestCase[] | undefined {
  if (!Array.isArray(value)) {
    report(`${label} should be a list of test cases but is ${describe(value)}; using none.`);
    return undefined;
  }
  if (value.length > LIMITS.maxTests) {
    report(`${label} holds ${value.length} cases; only the first ${LIMITS.maxTests} are kept.`);
  }
  const cases: TestCase[] = [];
  value.slice(0, LIMITS.maxTests).forEach((item: unknown, index) => {
    const testCase = readTestCase(item, `test case ${index + 1}`, report);
    if (testCase !== undefined) cases.push(testCase);
  });
  return cases;
}

const CASE_KEYS = new Set(['text', 'expect', 'groups', 'output', 'name']);

function readTestCase(
  value: unknown,
  label: string,
  report: (problem: string) => void,
): TestCase | undefined {
  if (!isRecord(value)) {
    report(`Dropped ${label}: it should be an object but is ${describe(value)}.`);
    return undefined;
  }
  if (typeof value.text !== 'string') {
    report(`Dropped ${label}: its "text" should be text but is ${describe(value.text)}.`);
    return undefined;
  }
  if (!(EXPECTATIONS as readonly unknown[]).includes(value.expect)) {
    report(
      `Dropped ${label}: its "expect" should be "match" or "no match" but is ` +
        `${describe(value.expect)}.`,
    );
    return undefined;
  }
  const testCase: TestCase = { text: value.text, expect: value.expect as Expectation };
  if (Object.hasOwn(value, 'groups')) {
    const groups = readGroups(value.groups);
    if (groups === undefined) report(`Ignored the groups of ${label}: they are not text by group.`);
    else testCase.groups = groups;
  }
  if (Object.hasOwn(value, 'output')) {
    if (isOutputValue(value.output)) testCase.output = value.output;
    else report(`Ignored the expected output of ${label}: it is not a value an op returns.`);
  }
  if (Object.hasOwn(value, 'name')) {
    if (typeof value.name === 'string') testCase.name = value.name;
    else report(`Ignored the name of ${label}: it should be text but is ${describe(value.name)}.`);
  }
  for (const key of Object.keys(value)) {
    if (!CASE_KEYS.has(key)) report(`Ignored unknown field ${quote(key)} in ${label}.`);
  }
  return testCase;
}

function readGroups(value: unknown): Record<string, string | null> | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  if (!entries.every(([, group]) => typeof group === 'string' || group === null)) return undefined;
  // fromEntries defines own properties, so even a group named "__proto__" stays a plain key.
  return Object.fromEntries(entries) as Record<string, string | null>;
}

function isOutputValue(value: unknown): value is OutputValue {
  if (typeof value === 'string' || value === null) return true;
  if (!Array.isArray(value)) return false;
  return value.every(
    (item: unknown) =>
      typeof item === 'string' ||
      item === null ||
      (typeof item === 'number' && Number.isInteger(item)) ||
      (Array.isArray(item) && item.every((part: unknown) => typeof part === 'string')),
  );
}

// ---- helpers ------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, safe description of an untrusted value for a message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'not a finite number';
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** JSON-quotes a string, shortened so a hostile 1 MB key cannot flood a notice. */
function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}
