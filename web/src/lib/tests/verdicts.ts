/**
 * What the Tests panel says about verdicts: each case's status as an icon and a word (never colour
 * alone), the summary ("13 cases: 12 passed, 1 failed"), what a case expects and what CPython did,
 * in the Python literals the rest of the page uses, and the sentence for a suite that was stopped.
 * Pure string functions: no DOM, no engine, no markup.
 */
import type { CaseActual, CaseResult, SuiteResult } from '../engine/contract';
import { formatCount } from '../results/summary';
import type { Op, TestCase } from '../state/session';
import { expectsOutput, groupsRepr, outputRepr } from './outputRepr';
import type { SuiteOutcome } from '../engine/engineClient.svelte';

/** A case's state as shown: the core's status, or 'none' while it has no verdict. */
export type Verdict = CaseResult['status'] | 'none';

/** The colour family a verdict uses; its icon and word carry the meaning on their own. */
export type Tone = 'pass' | 'fail' | 'timeout' | 'none';

export const VERDICT_LOOK: Record<Verdict, { icon: string; word: string; tone: Tone }> = {
  pass: { icon: '✓', word: 'passed', tone: 'pass' },
  fail: { icon: '✗', word: 'failed', tone: 'fail' },
  timeout: { icon: '⏱', word: 'timed out', tone: 'timeout' },
  skipped: { icon: '–', word: 'not run', tone: 'none' },
  none: { icon: '–', word: 'not run', tone: 'none' },
};

export interface Tally {
  total: number;
  passed: number;
  failed: number;
  timedOut: number;
  notRun: number;
}

export function tally(verdicts: Iterable<Verdict>): Tally {
  const counts: Tally = { total: 0, passed: 0, failed: 0, timedOut: 0, notRun: 0 };
  for (const verdict of verdicts) {
    counts.total++;
    if (verdict === 'pass') counts.passed++;
    else if (verdict === 'fail') counts.failed++;
    else if (verdict === 'timeout') counts.timedOut++;
    else counts.notRun++;
  }
  return counts;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** "13 cases: 12 passed, 1 failed" (timed out and not run only when there are some). */
export function summaryText(counts: Tally): string {
  if (counts.total === 0) return 'No test cases';
  const parts = [`${formatCount(counts.passed)} passed`, `${formatCount(counts.failed)} failed`];
  if (counts.timedOut > 0) parts.push(`${formatCount(counts.timedOut)} timed out`);
  if (counts.notRun > 0) parts.push(`${formatCount(counts.notRun)} not run`);
  return `${plural(counts.total, 'case')}: ${parts.join(', ')}`;
}

/** What a case expects, e.g. "match, groups {1: 'a'}" or "no match". */
export function expectationText(testCase: TestCase, op: Op): string {
  const parts: string[] = [testCase.expect];
  if (testCase.expect === 'match' && testCase.groups !== undefined) {
    parts.push(`groups ${groupsRepr(testCase.groups)}`);
  }
  if (expectsOutput(op) && testCase.output !== undefined) {
    parts.push(`returns ${outputRepr(testCase.output, op)}`);
  }
  return parts.join(', ');
}

/**
 * What CPython did, in the terms the case expects: matched or not, the groups the case names (only
 * those: a case that names none is not about groups), and the return value when it expects one.
 */
export function actualText(actual: CaseActual, testCase: TestCase, op: Op): string {
  const parts: string[] = [actual.matched ? 'match' : 'no match'];
  const keys = Object.keys(testCase.groups ?? {});
  if (actual.matched && keys.length > 0) {
    const shown = Object.fromEntries(keys.map((key) => [key, actual.groups[key] ?? null]));
    parts.push(`groups ${groupsRepr(shown)}`);
  }
  if (expectsOutput(op) && testCase.output !== undefined) {
    parts.push(`returns ${actual.outputRepr}`);
  }
  return parts.join(', ');
}

/** The summary's counts straight from the core's result (its cases are the suite's, in order). */
export function tallyResult(result: SuiteResult): Tally {
  return tally(result.cases.map((verdict) => verdict.status));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The panel's sentence for a suite that gave no verdicts, or null for one that did. */
export function suiteProblem(outcome: SuiteOutcome | null): string | null {
  if (outcome === null) return null;
  switch (outcome.kind) {
    case 'done': {
      const error = outcome.result.error;
      return error === null ? null : `No case could run: ${error.message}`;
    }
    case 'engineError':
      return `The engine could not run the tests: ${outcome.message}`;
    case 'stopped': {
      const after = `Stopped after ${seconds(outcome.afterMs)}`;
      if (outcome.cause === 'user') return `${after}: you stopped the tests.`;
      if (outcome.cause === 'deadline') {
        return (
          `${after}: a case ran away, and without cross-origin isolation pyregex cannot stop one ` +
          'case alone. The engine was restarted, so no case has a verdict; edit the pattern or ' +
          'the cases to run them again.'
        );
      }
      return `${after}: the engine ${outcome.cause === 'memory' ? 'ran out of memory' : 'crashed'} during the tests and was restarted.`;
    }
  }
}
