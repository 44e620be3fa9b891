/**
 * The page's ReDoS check: after each result the page shows, whether the pattern (with its flags,
 * as its op uses it) can backtrack catastrophically (pyregex.redos, in the background). It runs
 * only when the pattern, flags or op changed since the last check, so editing the text (or using
 * the attack string) never re-runs it. Evaluation always comes first: a check starts only once the
 * shown result answers the newest request (the page follows it after the step counts, so it is
 * queued behind them), it is aborted as soon as a newer request exists, and the engine preempts a
 * running background analysis for anything the user asks. Latest wins.
 *
 * The analysis has its own time budget inside the engine's deadline (`budgetOf`), so it answers
 * "unknown" rather than being stopped; the deadline still applies. Without cross-origin isolation
 * a running check could only be stopped by restarting the engine, so the page checks only when
 * isolated (as for the step counts).
 *
 * API:
 *   const check = new RedosCheck(engine, { enabled, deadlineMs: () => engine.deadlineMs });
 *   check.follow(shown)            // with Workspace.currentSuccess whenever it changes
 *   check.about(pattern, flags, op) // the verdict for exactly these, or null (reactive)
 *   check.dispose()                // aborts the check in flight
 * It never touches the DOM and never submits an evaluation.
 */
import type { Op, RedosRequest, RedosResult } from '../engine/contract';
import type { AnalysisOptions, RedosOutcome } from '../engine/engineClient.svelte';
import type { Shown } from '../app/resultView';

/** What one check knows. */
export type RedosState =
  | { kind: 'checking' }
  | { kind: 'checked'; result: RedosResult }
  /** Stopped, failed or an error result: nothing to say. */
  | { kind: 'failed'; why: string };

/** What the check needs of the engine (EngineClient, CurrentEngine, or a fake). */
export interface RedosChecker {
  redos(request: RedosRequest, options: AnalysisOptions): Promise<RedosOutcome | null>;
}

export interface RedosCheckOptions {
  /** False: never check (the page without cross-origin isolation). */
  enabled: boolean;
  /** The engine's deadline now, in ms (the analysis's budget is taken from it). */
  deadlineMs: () => number;
  /** The analysis's step budget (the sre interpreter's dispatches, all attacks together). */
  maxSteps: number;
}

export const DEFAULT_REDOS_OPTIONS: RedosCheckOptions = {
  enabled: true,
  deadlineMs: () => 2000,
  maxSteps: 1_000_000,
};

/** The channel of the background checks (traces use others). */
export const REDOS_CHANNEL = 'redos';

/** What a check is about. */
interface RedosKey {
  pattern: string;
  flags: string;
  op: Op;
}

/**
 * The analysis's time: half the deadline, at most 3 s (the verdict is a warning, not worth a long
 * wait; 1 s with the default 2 s deadline). Its budget is checked between attack runs, and one run of the interpreter can take a few
 * hundred ms on a loaded machine (WebKitGTK with two browsers booting was stopped by a 2 s deadline
 * with 1.5 s of budget), so the other half is the slack for the run in progress and the answer.
 */
export function budgetMs(deadlineMs: number): number {
  return Math.max(50, Math.min(3000, deadlineMs * 0.5));
}

export class RedosCheck {
  readonly #engine: RedosChecker;
  readonly #options: RedosCheckOptions;
  #key = $state.raw<RedosKey | null>(null);
  #state = $state.raw<RedosState | null>(null);
  #abort: AbortController | null = null;

  constructor(engine: RedosChecker, options: Partial<RedosCheckOptions> = {}) {
    this.#engine = engine;
    this.#options = { ...DEFAULT_REDOS_OPTIONS, ...options };
  }

  /** What the last check found, for `pattern`, `flags` and `op` exactly; else null. */
  about(pattern: string, flags: string, op: Op): RedosState | null {
    const key = this.#key;
    if (key === null || key.pattern !== pattern || key.flags !== flags || key.op !== op) {
      return null;
    }
    return this.#state;
  }

  /**
   * The page's current result (Workspace's `currentSuccess`), or null while a newer request waits
   * or runs. A new pattern, flags or op is checked; null aborts the check in flight.
   */
  follow(shown: Shown | null): void {
    if (shown === null) {
      this.#cancel();
      // A check cut short is no check: the same pattern, current again, is checked again.
      if (this.#state?.kind === 'checking') {
        this.#key = null;
        this.#state = null;
      }
      return;
    }
    if (!this.#options.enabled) return;
    const { pattern, flags = '', op } = shown.request;
    if (this.about(pattern, flags, op) !== null) return;
    this.#cancel();
    const key: RedosKey = { pattern, flags, op };
    this.#key = key;
    this.#state = { kind: 'checking' };
    const abort = new AbortController();
    this.#abort = abort;
    const request: RedosRequest = {
      ...key,
      maxSteps: this.#options.maxSteps,
      maxMs: budgetMs(this.#options.deadlineMs()),
    };
    const settle = (state: RedosState): void => {
      if (abort.signal.aborted || this.#key !== key) return;
      this.#abort = null;
      this.#state = state;
    };
    void this.#engine
      .redos(request, { channel: REDOS_CHANNEL, signal: abort.signal, background: true })
      .then(
        (outcome) => {
          if (outcome !== null) settle(stateOf(outcome));
        },
        (error: unknown) => settle({ kind: 'failed', why: String(error) }),
      );
  }

  /** Stops following: the check in flight is aborted. */
  dispose(): void {
    this.#cancel();
  }

  #cancel(): void {
    this.#abort?.abort();
    this.#abort = null;
  }
}

/** What an outcome says. */
export function stateOf(outcome: RedosOutcome): RedosState {
  if (outcome.kind === 'stopped') return { kind: 'failed', why: `stopped (${outcome.cause})` };
  if (outcome.kind === 'engineError') return { kind: 'failed', why: outcome.message };
  const { result } = outcome;
  if ('ok' in result) return { kind: 'failed', why: result.error.message };
  return { kind: 'checked', result };
}

/** Whether `result` deserves the warning: exponential, or polynomial of degree 2 or more. */
export function isVulnerable(result: RedosResult): boolean {
  return (
    result.verdict === 'exponential' ||
    (result.verdict === 'polynomial' && (result.degree ?? 0) >= 2)
  );
}
