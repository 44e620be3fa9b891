/**
 * Turns the session into the Suite the engine runs (the pattern, flags, op and only the arguments
 * the op takes, with the session's cases), tells whether two suites ask for the same run, and maps
 * a suite's verdicts back to its cases. Built per edit, so it must stay cheap: the cases go in as
 * the same (frozen) list — the engine client snapshots the suite once — unless some case holds a
 * value the core would refuse for this op (an expected return value under search, groups on a
 * case that expects no match: kept in the session for when they apply again, left out here), and
 * that cleaned list is made once per list and op, not per keystroke.
 * Pure: no engine; the only memory is those cleaned lists, by identity.
 */
import type { CaseResult, Suite, SuiteCase, SuiteResult } from '../engine/contract';
import type { Session, TestCase } from '../state/session';
import { replaces } from '../app/request';
import { expectsOutput } from './outputRepr';

/** The list sent for a list of cases, by whether the op takes an expected return value. */
const cleanedLists = new WeakMap<
  readonly TestCase[],
  { outputs: boolean; cases: readonly TestCase[] }
>();
/** A cleaned list's original (the session's own case objects, which verdicts are keyed by). */
const originals = new WeakMap<readonly TestCase[], readonly TestCase[]>();

/** `tests` as the core accepts them for `op`: the same list when no case needs cleaning. */
export function coreCases(tests: readonly TestCase[], op: Session['op']): readonly TestCase[] {
  const outputs = expectsOutput(op);
  const cached = cleanedLists.get(tests);
  if (cached?.outputs === outputs) return cached.cases;
  let changed = false;
  const cleaned = tests.map((testCase) => {
    const dropOutput = !outputs && testCase.output !== undefined;
    const dropGroups = testCase.expect === 'no match' && testCase.groups !== undefined;
    if (!dropOutput && !dropGroups) return testCase;
    changed = true;
    const copy = { ...testCase };
    if (dropOutput) delete copy.output;
    if (dropGroups) delete copy.groups;
    return copy;
  });
  const cases = changed ? Object.freeze(cleaned) : tests;
  if (changed) originals.set(cases, tests);
  cleanedLists.set(tests, { outputs, cases });
  return cases;
}

/** The suite for `session` with the cases `tests` (the session's own list, cleaned if need be). */
export function buildSuite(session: Session, tests: readonly TestCase[]): Suite {
  const suite: Suite = {
    pattern: session.pattern,
    flags: session.flags,
    op: session.op,
    // The contract's list type is mutable; nothing writes to it (the list is frozen).
    tests: coreCases(tests, session.op) as SuiteCase[],
  };
  if (replaces(session.op)) {
    suite.replacement = session.replacement;
    suite.count = session.count;
  }
  if (session.op === 'split') suite.maxsplit = session.maxsplit;
  return suite;
}

/** The cases of a suite built by `buildSuite`: the session's own case objects, in order. */
export function casesOf(suite: Suite): readonly TestCase[] {
  const sent = suite.tests as readonly TestCase[];
  return originals.get(sent) ?? sent;
}

/** True when `a` and `b` ask for the same run: the same fields and the very same list of cases. */
export function sameSuite(a: Suite | null, b: Suite | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.tests === b.tests &&
    a.pattern === b.pattern &&
    a.op === b.op &&
    (a.flags ?? '') === (b.flags ?? '') &&
    (a.replacement ?? null) === (b.replacement ?? null) &&
    (a.count ?? null) === (b.count ?? null) &&
    (a.maxsplit ?? null) === (b.maxsplit ?? null)
  );
}

/**
 * Each case of `tests` (the list the suite was built with) with its verdict. Keyed by the case
 * object: an edit replaces only the case it changes, so the others keep their verdicts until the
 * next run answers.
 */
export function verdictsByCase(
  tests: readonly TestCase[],
  result: SuiteResult,
): Map<TestCase, CaseResult> {
  const verdicts = new Map<TestCase, CaseResult>();
  for (const verdict of result.cases) {
    const testCase = tests[verdict.index];
    if (testCase !== undefined) verdicts.set(testCase, verdict);
  }
  return verdicts;
}
