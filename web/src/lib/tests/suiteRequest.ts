/**
 * Turns the session into the Suite the engine runs (the pattern, flags, op and only the arguments
 * the op takes, with the session's cases), tells whether two suites ask for the same run, and maps
 * a suite's verdicts back to its cases. Built per edit, so it must stay cheap: the cases go in as
 * the same (frozen) list, never copied here — the engine client snapshots the suite once.
 * Pure: no state, no engine.
 */
import type { CaseResult, Suite, SuiteCase, SuiteResult } from '../engine/contract';
import type { Session, TestCase } from '../state/session';
import { replaces } from '../app/request';

/** The suite for `session` with the cases `tests` (the session's own list, not a copy). */
export function buildSuite(session: Session, tests: readonly TestCase[]): Suite {
  const suite: Suite = {
    pattern: session.pattern,
    flags: session.flags,
    op: session.op,
    // The contract's list type is mutable; nothing writes to it (the list is frozen).
    tests: tests as SuiteCase[],
  };
  if (replaces(session.op)) {
    suite.replacement = session.replacement;
    suite.count = session.count;
  }
  if (session.op === 'split') suite.maxsplit = session.maxsplit;
  return suite;
}

/** The cases of a suite built by `buildSuite` (the session's own case objects). */
export function casesOf(suite: Suite): readonly TestCase[] {
  return suite.tests as readonly TestCase[];
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
