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
}

/** Bounds a valid session keeps to; beyond them a number is absurd rather than a choice. */
export const LIMITS = {
  /** Fits a C `int`, comfortably below Python's Py_ssize_t limit for count/maxsplit. */
  maxRepeat: 2_147_483_647,
  minDeadlineMs: 100,
  maxDeadlineMs: 300_000,
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
  return SESSION_KEYS.every((key) => Object.is(a[key], b[key]));
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
