/**
 * Editing a test suite's list of cases: add, duplicate, delete, move, edit one, turn lines into
 * cases, and take a case's expectation from what CPython did (the current result, or a case's
 * verdict). Every function returns a new frozen list and leaves its input alone: the session's
 * tests are replaced, never mutated, and an unchanged case keeps its identity, which is how
 * verdicts follow their case across edits (suite.svelte.ts).
 *
 * Pure: no DOM, no engine, no state.
 */
import type { CaseActual } from '../engine/contract';
import type { Success } from '../engine/evaluation';
import { LIMITS, type Op, type TestCase } from '../state/session';
import { expectsOutput } from './outputRepr';

/** How cases added in bulk expect: all match, none match, or as CPython does now ('record'). */
export type BulkExpectation = 'match' | 'no match' | 'record';

/**
 * Freezes a list and its cases (shallowly), so nothing edits them in place; a frozen case also
 * stays the same object inside the page's reactive state (Svelte does not wrap frozen values).
 */
export function frozen(tests: readonly TestCase[]): readonly TestCase[] {
  if (Object.isFrozen(tests) && tests.every((testCase) => Object.isFrozen(testCase))) return tests;
  return Object.freeze(tests.map((testCase) => Object.freeze(testCase)));
}

/** Room left for new cases under the session's limit. */
export function room(tests: readonly TestCase[]): number {
  return Math.max(0, LIMITS.maxTests - tests.length);
}

/** `added` inserted at `at` (default: the end), cut to the room left. */
export function addCases(
  tests: readonly TestCase[],
  added: readonly TestCase[],
  at = tests.length,
): readonly TestCase[] {
  const kept = added.slice(0, room(tests));
  return frozen([...tests.slice(0, at), ...kept, ...tests.slice(at)]);
}

/** Stable keys: an edited case keeps the key of the case it replaces (see `caseKey`). */
const keys = new WeakMap<TestCase, number>();
let lastKey = 0;

/**
 * A key that stays the same for a case across its edits (each edit makes a new object), so a view
 * of "this case" (its open details, a half-typed field) survives them. Identity, not content: two
 * equal cases have different keys.
 */
export function caseKey(testCase: TestCase): number {
  let key = keys.get(testCase);
  if (key === undefined) {
    key = ++lastKey;
    keys.set(testCase, key);
  }
  return key;
}

/** Case `index` replaced by `next`, which takes over its key. */
export function replaceCase(
  tests: readonly TestCase[],
  index: number,
  next: TestCase,
): readonly TestCase[] {
  const current = tests[index];
  if (current === undefined) return tests;
  keys.set(next, caseKey(current));
  const copy = [...tests];
  copy[index] = next;
  return frozen(copy);
}

/** A copy of case `index` right after it. */
export function duplicateCase(tests: readonly TestCase[], index: number): readonly TestCase[] {
  const original = tests[index];
  if (original === undefined || room(tests) === 0) return tests;
  return addCases(tests, [structuredClone({ ...original })], index + 1);
}

export function deleteCase(tests: readonly TestCase[], index: number): readonly TestCase[] {
  if (index < 0 || index >= tests.length) return tests;
  return frozen([...tests.slice(0, index), ...tests.slice(index + 1)]);
}

/** Case `from` moved to position `to` (clamped to the list). */
export function moveCase(tests: readonly TestCase[], from: number, to: number): readonly TestCase[] {
  const target = Math.max(0, Math.min(tests.length - 1, to));
  if (from < 0 || from >= tests.length || target === from) return tests;
  const copy = [...tests];
  const [moved] = copy.splice(from, 1);
  copy.splice(target, 0, moved!);
  return frozen(copy);
}

/** What happened to the list, for following a position in it (the case shown in the editor). */
export type ListChange =
  | { kind: 'move'; from: number; to: number }
  | { kind: 'delete'; index: number }
  | { kind: 'insert'; index: number; count: number };

/** Where the case at `index` is after `change` (null when it was deleted). */
export function followIndex(index: number | null, change: ListChange): number | null {
  if (index === null) return null;
  switch (change.kind) {
    case 'move':
      if (index === change.from) return change.to;
      if (change.from < index && index <= change.to) return index - 1;
      if (change.to <= index && index < change.from) return index + 1;
      return index;
    case 'delete':
      if (index === change.index) return null;
      return index > change.index ? index - 1 : index;
    case 'insert':
      return index >= change.index ? index + change.count : index;
  }
}

/**
 * The lines of `text`, split at \n, \r\n and \r as the editor shows them. A last empty line (after
 * a final line break) is not a line; other empty lines are kept unless `skipEmpty`.
 */
export function splitLines(text: string, skipEmpty = false): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  return skipEmpty ? lines.filter((line) => line !== '') : lines;
}

/**
 * One case per line. 'record' cases expect a match until CPython's verdict arrives and replaces
 * their expectation (see `recordedCase`).
 */
export function casesFromLines(lines: readonly string[], expectation: BulkExpectation): TestCase[] {
  const expect = expectation === 'no match' ? 'no match' : 'match';
  return lines.map((text) => ({ text, expect }));
}

/** Groups of a match keyed as a case expects them: named groups by name, the others by number. */
function groupsByKey(
  groups: ReadonlyArray<{ index: number; name: string | null; value: string | null }>,
): Record<string, string | null> | undefined {
  const entries = groups
    .filter((group) => group.index > 0)
    .map((group): [string, string | null] => [group.name ?? String(group.index), group.value]);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * A case for `text` expecting what CPython did in `success` (the current evaluation of `text`):
 * matched or not, the groups of the first match, and for findall/sub/subn/split the return
 * value (unless the engine cut it short).
 */
export function caseFromSuccess(text: string, success: Success, op: Op): TestCase {
  const first = success.matches.at(0);
  const testCase: TestCase = { text, expect: first === undefined ? 'no match' : 'match' };
  if (first !== undefined) {
    const groups = groupsByKey(first.groups);
    if (groups !== undefined) testCase.groups = groups;
  }
  if (expectsOutput(op) && !success.output.truncated) {
    testCase.output = structuredClone(success.output.value);
  }
  return testCase;
}

/**
 * `testCase` expecting what CPython did with it (`actual`, from its verdict). `groupNames` (name to
 * number, from the pattern) keeps named groups by name only; without it every group is listed.
 */
export function recordedCase(
  testCase: TestCase,
  actual: CaseActual,
  op: Op,
  groupNames: Readonly<Record<string, number | undefined>> | null,
): TestCase {
  const next: TestCase = { text: testCase.text, expect: actual.matched ? 'match' : 'no match' };
  if (testCase.name !== undefined) next.name = testCase.name;
  if (actual.matched) {
    const named = new Set(Object.values(groupNames ?? {}).map(String));
    const entries = Object.entries(actual.groups).filter(
      ([key, value]) => key !== '0' && value !== undefined && !named.has(key),
    ) as Array<[string, string | null]>;
    if (entries.length > 0) next.groups = Object.fromEntries(entries);
  }
  if (expectsOutput(op)) next.output = structuredClone(actual.output);
  return next;
}
