/**
 * What the results column shows, derived from the engine's newest outcome: the success to display
 * (the newest one, or the last good one greyed while a run was stopped), whether it is stale, and
 * the error to show. Pure functions over RunOutcome: no state, no DOM.
 */
import type { EvaluateRequest, Error as EngineError } from '../engine/contract';
import type { Success } from '../engine/evaluation';
import { MatchTable } from '../engine/matchTable';
import type { RunOutcome } from '../engine/engineClient.svelte';
import { replaces } from './request';

/** A success together with the request it answers (its text is what the spans index). */
export interface Shown {
  id: number;
  request: EvaluateRequest;
  result: Success;
}

export interface ResultView {
  /** The success the results column shows, or null (nothing yet, or the newest run failed). */
  shown: Shown | null;
  /**
   * True when `shown` does not answer the newest request: a newer one is waiting or running, or the
   * newest run was stopped and these are the last good results. The page greys them.
   */
  stale: boolean;
  /** The error to show (pattern, flags, replacement, request, or the engine itself), or null. */
  error: EngineError | null;
}

/**
 * One Shown per outcome, so a view derived again (each keystroke makes the shown results stale)
 * hands out the very same object and nothing that draws them runs again.
 */
const shownByOutcome = new WeakMap<RunOutcome, Shown>();

/** The success in `outcome`, if it is one (the same object each time for the same outcome). */
export function successOf(outcome: RunOutcome | null): Shown | null {
  if (outcome?.kind !== 'done' || !outcome.result.ok) return null;
  let shown = shownByOutcome.get(outcome);
  if (shown === undefined) {
    shown = { id: outcome.id, request: outcome.request, result: outcome.result };
    shownByOutcome.set(outcome, shown);
  }
  return shown;
}

/**
 * The view for the newest `outcome`, given the last success seen before it (`lastGood`) and the
 * newest request's id. An error replaces the results (its message says why there are none); a
 * stopped run or an engine failure keeps the last good results, greyed.
 */
export function resultView(
  outcome: RunOutcome | null,
  lastGood: Shown | null,
  latestId: number,
): ResultView {
  if (outcome === null) return { shown: null, stale: false, error: null };
  const waiting = latestId > outcome.id;
  if (outcome.kind === 'done') {
    if (outcome.result.ok) return { shown: successOf(outcome), stale: waiting, error: null };
    return { shown: null, stale: waiting, error: outcome.result.error };
  }
  return { shown: lastGood, stale: lastGood !== null, error: null };
}

/** The output string and its replaced parts, for sub and subn; null for other operations. */
export function substitution(
  shown: Shown | null,
): { text: string; marks: Array<[number, number]> } | null {
  if (shown === null || !replaces(shown.request.op)) return null;
  const { value } = shown.result.output;
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value[0] : null;
  if (typeof text !== 'string') return null;
  const marks: Array<[number, number]> = [];
  const { matches } = shown.result;
  for (let i = 0; i < matches.length; i++) {
    const span = matches.outputSpan16(i);
    if (span !== undefined) marks.push(span);
  }
  return { text, marks };
}

/** The matches that index `text`: the shown ones when they were computed for it, else none. */
export function matchesFor(shown: Shown | null, text: string): MatchTable {
  return shown !== null && shown.request.text === text ? shown.result.matches : MatchTable.EMPTY;
}
