/**
 * The debugger panel's sentences about a whole trace: where the user is ("Step 5 of 1,234"), the
 * totals, and what a cut trace leaves out (the step budget ran out; only the first steps are kept).
 * Pure string functions over the trace's numbers: no DOM, no engine.
 */
import type { TracedRun } from '../engine/tracing';
import { formatCount } from '../results/summary';
import { stepSource } from './stepWords';

/** "Step 5 of 1,234" (1-based), or "No steps". */
export function progressText(index: number, count: number): string {
  return count === 0 ? 'No steps' : `Step ${formatCount(index + 1)} of ${formatCount(count)}`;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * "1,532 steps · 40 backtracks · 2 matches"; when the budget ran out, "1,000,000 steps · 312,501
 * backtracks before the budget ran out" (the engine then claims no match).
 */
export function totalsText(run: TracedRun): string {
  const parts = [
    plural(run.steps, 'step', 'steps'),
    plural(run.backtracks, 'backtrack', 'backtracks'),
  ];
  if (run.truncated) return `${parts.join(' · ')} before the budget ran out`;
  if (run.matches !== null) parts.push(plural(run.matches.length, 'match', 'matches'));
  return parts.join(' · ');
}

/**
 * Where a trace whose budget ran out stopped, e.g. "The step budget (1,000,000 steps) ran out at
 * position 12, in (a+)+: no result is claimed." Null when it did not run out.
 */
export function truncationText(
  run: TracedRun,
  pattern: string,
  position: (pos16: number) => number,
): string | null {
  if (!run.truncated) return null;
  const budget = `The step budget (${plural(run.maxSteps, 'step', 'steps')}) ran out`;
  const stopped = run.stoppedAt;
  if (stopped === null) return `${budget}: no result is claimed.`;
  const source = stepSource({ pattern16: stopped.pattern16 }, pattern);
  const where = source === null ? '' : `, in ${source}`;
  return `${budget} at position ${formatCount(position(stopped.pos16))}${where}: no result is claimed.`;
}

/** "The trace shows the first 100,000 of 2,345,678 steps." when not every step was kept. */
export function incompleteText(run: TracedRun): string | null {
  if (run.traceComplete) return null;
  return `The trace shows the first ${formatCount(run.trace.count)} of ${plural(run.steps, 'step', 'steps')}.`;
}

/**
 * Why a trace has no steps at all: CPython's search found (or ruled out) the match by scanning for
 * the pattern's literal prefix alone, without running an opcode. Null when it has steps.
 */
export function noStepsText(run: TracedRun): string | null {
  if (run.steps > 0) return null;
  return run.matches !== null && run.matches.length > 0
    ? "No opcode ran: CPython's search found the match by scanning for the pattern's literal text."
    : "No opcode ran: CPython's search scanned for the pattern's literal prefix and did not find it.";
}
