/**
 * What one CPython version did with the page's request and test suite, reduced to what Compare
 * shows and compares: the match count and spans, the error with that version's own message, the
 * warnings, the return value, and the suite's verdicts. Pure functions of the engine's outcomes:
 * no engine, no DOM, so the table and its "first difference" are unit-tested without a browser.
 */
import type { RunOutcome, SuiteOutcome } from '../engine/engineClient.svelte';
import { formatSpan } from '../format';

/** The request's side of a version's row. */
export type RunSummary =
  | { kind: 'pending' }
  | {
      kind: 'result';
      count: number;
      /** Each match's whole span, in code points as re reports them. */
      spans: [number, number][];
      /** Every group span of every match, flattened (null for a group that did not take part). */
      groupSpans: ([number, number] | null)[];
      repr: string;
      truncated: boolean;
      warnings: string[];
    }
  | { kind: 'error'; type: string; where: string; message: string; pos: number | null }
  | { kind: 'stopped'; afterMs: number }
  | { kind: 'engineError'; message: string };

/** The suite's side of a version's row (null when the page has no test cases). */
export type SuiteSummary =
  | { kind: 'pending' }
  | { kind: 'done'; passed: number; failed: number; verdicts: string[]; error: string | null }
  | { kind: 'stopped' }
  | { kind: 'engineError'; message: string };

export interface VersionOutcome {
  run: RunSummary;
  suite: SuiteSummary | null;
}

/** Each outcome is summarised once: the rows are read often, and a result may hold 100 000 matches. */
const summaries = new WeakMap<RunOutcome, RunSummary>();

export function summarizeRun(outcome: RunOutcome | null): RunSummary {
  if (outcome === null) return { kind: 'pending' };
  let summary = summaries.get(outcome);
  if (summary === undefined) {
    summary = summarize(outcome);
    summaries.set(outcome, summary);
  }
  return summary;
}

function summarize(outcome: RunOutcome): RunSummary {
  if (outcome.kind === 'stopped') return { kind: 'stopped', afterMs: outcome.afterMs };
  if (outcome.kind === 'engineError') return { kind: 'engineError', message: outcome.message };
  const { result } = outcome;
  if (!result.ok) {
    const { type, where, message, pos } = result.error;
    return { kind: 'error', type, where, message, pos };
  }
  const spans: [number, number][] = [];
  const groupSpans: ([number, number] | null)[] = [];
  for (let i = 0; i < result.matches.length; i++) {
    const whole = result.matches.span(i);
    if (whole !== null) spans.push([whole[0], whole[1]]);
    for (let g = 0; g < result.matches.groupSlots; g++) {
      const span = result.matches.span(i, g);
      groupSpans.push(span === null ? null : [span[0], span[1]]);
    }
  }
  return {
    kind: 'result',
    count: result.matches.length,
    spans,
    groupSpans,
    repr: result.output.repr,
    truncated: result.truncated,
    warnings: result.warnings.map((warning) => `${warning.category}: ${warning.message}`),
  };
}

export function summarizeSuite(
  outcome: SuiteOutcome | null,
  hasCases: boolean,
): SuiteSummary | null {
  if (!hasCases) return null;
  if (outcome === null) return { kind: 'pending' };
  if (outcome.kind === 'stopped') return { kind: 'stopped' };
  if (outcome.kind === 'engineError') return { kind: 'engineError', message: outcome.message };
  const { result } = outcome;
  return {
    kind: 'done',
    passed: result.passed,
    failed: result.failed,
    verdicts: result.cases.map((verdict) => verdict.status),
    error: result.error === null ? null : `${result.error.type}: ${result.error.message}`,
  };
}

const plural = (count: number, one: string, many = `${one}es`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** A row's outcome in a few words, e.g. "2 matches" or "error: bad escape \z at position 1". */
export function describeRun(run: RunSummary): string {
  switch (run.kind) {
    case 'pending':
      return 'running…';
    case 'result':
      return plural(run.count, 'match');
    case 'error':
      return `error: ${run.message}`;
    case 'stopped':
      return `stopped after ${Math.round(run.afterMs).toLocaleString('en-US')} ms`;
    case 'engineError':
      return `engine failure: ${run.message}`;
  }
}

export function describeSuite(suite: SuiteSummary | null): string {
  if (suite === null) return '';
  switch (suite.kind) {
    case 'pending':
      return 'running…';
    case 'done':
      if (suite.error !== null) return `not run: ${suite.error}`;
      return `${suite.passed} passed, ${suite.failed} failed`;
    case 'stopped':
      return 'stopped';
    case 'engineError':
      return `engine failure: ${suite.message}`;
  }
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((item, i) => same(item, b[i] as T));
}

const sameSpan = (a: [number, number] | null, b: [number, number] | null) =>
  a === b || (a !== null && b !== null && a[0] === b[0] && a[1] === b[1]);

/**
 * How `other` differs from `base` (the selected version's outcome), first difference first; null
 * when they are the same or either is still running. The text names what `other` did, e.g.
 * "error: bad escape \z at position 1", "3 matches (not 2)", "returns 'x' (not 'y')".
 */
export function firstDifference(base: VersionOutcome, other: VersionOutcome): string | null {
  const a = base.run;
  const b = other.run;
  if (a.kind === 'pending' || b.kind === 'pending') return null;
  if (a.kind !== b.kind) return describeRun(b);
  if (a.kind === 'error' && b.kind === 'error') {
    if (a.type !== b.type) return `raises ${b.type}: ${b.message} (not ${a.type})`;
    if (a.message !== b.message) return `error: ${b.message}`;
  } else if (a.kind === 'result' && b.kind === 'result') {
    if (a.count !== b.count) return `${describeRun(b)} (not ${a.count.toLocaleString('en-US')})`;
    const at = a.spans.findIndex((span, i) => !sameSpan(span, b.spans[i] ?? null));
    if (at >= 0) {
      const theirs = b.spans[at];
      return `match ${at + 1} at ${theirs ? formatSpan(theirs) : '—'} (not ${formatSpan(a.spans[at] as [number, number])})`;
    }
    if (!sameList(a.groupSpans, b.groupSpans, sameSpan))
      return 'the same matches, other group spans';
    if (a.repr !== b.repr) return `returns ${b.repr}`;
    if (!sameList(a.warnings, b.warnings, (x, y) => x === y)) {
      const added = b.warnings.find((warning) => !a.warnings.includes(warning));
      return added !== undefined ? `warns ${added}` : 'no warning';
    }
  } else if (a.kind === 'engineError' && b.kind === 'engineError' && a.message !== b.message) {
    return describeRun(b);
  }
  return suiteDifference(base.suite, other.suite);
}

function suiteDifference(a: SuiteSummary | null, b: SuiteSummary | null): string | null {
  if (a === null || b === null || a.kind === 'pending' || b.kind === 'pending') return null;
  if (a.kind !== b.kind) return `tests: ${describeSuite(b)}`;
  if (a.kind === 'done' && b.kind === 'done') {
    if (a.error !== b.error) return `tests: ${describeSuite(b)}`;
    const at = a.verdicts.findIndex((verdict, i) => verdict !== b.verdicts[i]);
    if (at >= 0) return `test ${at + 1}: ${b.verdicts[at] ?? 'missing'} (not ${a.verdicts[at]})`;
  }
  return null;
}
