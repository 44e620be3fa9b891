/**
 * The page's step counts: after each evaluation the page shows, a steps-only trace of the same
 * request runs in the background (maxTraceSteps 0), so each match row can say "took 1,532 steps"
 * and the summary the run's total. Evaluation always comes first: a trace starts only once the
 * shown result answers the newest request, and it is aborted as soon as a newer request exists (the
 * engine also preempts a running background trace for anything the user asks). Latest wins; the
 * engine's deadline applies as to any run.
 *
 * The budget is small on purpose: the interpreter is pure Python, about 4 µs a step in Pyodide in
 * Node here (1,000,000 steps of (a+)+$ in 4.1 s, CPython 3.14) and 8-15 µs in the browsers under
 * load (200,000 steps: 1.7 s in Firefox, 2.2 s in Chromium, 2.9 s in WebKitGTK), and a step can
 * cost far more when the engine's count loop scans a long text ([a-z]+@ over 3,000 letters: 3,000
 * steps, 3.6 s in Node). 100,000 steps end within the default 2 s deadline; a trace that outlives
 * the deadline is interrupted (no figure then). Without cross-origin isolation a
 * running trace could only be stopped by restarting the engine (seconds, for a decoration), so the
 * page counts steps only when isolated; the Debugger still traces on request there.
 *
 * API (also for the Debugger panel, which may read but never drives it):
 *   const counts = new StepCounts(engine, { maxSteps, enabled });
 *   counts.follow(shown)     // the page calls this with Workspace.currentSuccess whenever it changes
 *   counts.current           // StepCount | null: the count for the last result followed (reactive)
 *   counts.of(shown)         // the count for `shown` (the very Shown object), or null
 *   counts.matchSteps(shown, i) // steps spent finding match i of `shown`, or null (not known)
 *   counts.dispose()         // aborts the trace in flight
 * A StepCount is 'counting' (its trace is waiting or running), 'counted' (steps, backtracks, and
 * matchSteps when the trace found the same matches as the evaluation), 'over' (the step budget ran
 * out: no per-match figures), 'unsupported' (the interpreter cannot run this program), or
 * 'unknown' (stopped, failed, or an error result: nothing to say).
 *
 * It never touches the DOM and never submits an evaluation.
 */
import type { EvaluateRequest } from '../engine/contract';
import type { TraceOptions, TraceOutcome } from '../engine/engineClient.svelte';
import type { Shown } from './resultView';

/** What the step counts know about one shown result. */
export type StepCount =
  | { kind: 'counting' }
  | {
      kind: 'counted';
      /** Every dispatch of the whole operation. */
      steps: number;
      backtracks: number;
      /** Steps per match, in the match list's order; null if the trace's matches differ. */
      matchSteps: readonly number[] | null;
    }
  /** The trace ran out of its `maxSteps` budget. */
  | { kind: 'over'; maxSteps: number }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'unknown'; why: string };

/** What the step counts need of the engine (EngineClient, CurrentEngine, or a fake). */
export interface StepTracer {
  trace(request: EvaluateRequest, options: TraceOptions): Promise<TraceOutcome | null>;
}

export interface StepCountOptions {
  /** The background trace's step budget. */
  maxSteps: number;
  /** False: never trace (the page without cross-origin isolation); every count stays null. */
  enabled: boolean;
}

export const DEFAULT_STEP_COUNT_OPTIONS: StepCountOptions = { maxSteps: 100_000, enabled: true };

/** The channel of the background traces (the Debugger's traces use another). */
export const STEP_COUNT_CHANNEL = 'stepCounts';

export class StepCounts {
  readonly #tracer: StepTracer;
  readonly #options: StepCountOptions;
  /** The result followed last, and what is known of it. */
  #shown = $state.raw<Shown | null>(null);
  #count = $state.raw<StepCount | null>(null);
  #abort: AbortController | null = null;

  constructor(tracer: StepTracer, options: Partial<StepCountOptions> = {}) {
    this.#tracer = tracer;
    this.#options = { ...DEFAULT_STEP_COUNT_OPTIONS, ...options };
  }

  /** The count for the last result followed, or null (none yet, or nothing shown). */
  get current(): StepCount | null {
    return this.#count;
  }

  /** The result the current count is about. */
  get shown(): Shown | null {
    return this.#shown;
  }

  /** The count for `shown`, or null when it is not the result followed last. */
  of(shown: Shown | null): StepCount | null {
    return shown !== null && shown === this.#shown ? this.#count : null;
  }

  /** Steps spent finding match `index` of `shown`, or null when not known. */
  matchSteps(shown: Shown | null, index: number): number | null {
    const count = this.of(shown);
    return count?.kind === 'counted' ? (count.matchSteps?.[index] ?? null) : null;
  }

  /**
   * The page's current result: a success that answers the newest request (Workspace's
   * `currentSuccess`), or null while a newer request waits or runs. A new one is traced; null
   * aborts the trace in flight and keeps the last count (for the greyed results still shown).
   */
  follow(shown: Shown | null): void {
    if (shown === null) {
      this.#cancel();
      // A count cut short is no count: the same result, current again, is traced again.
      if (this.#count?.kind === 'counting') {
        this.#shown = null;
        this.#count = null;
      }
      return;
    }
    if (shown === this.#shown || !this.#options.enabled) return;
    this.#cancel();
    this.#shown = shown;
    this.#count = { kind: 'counting' };
    const abort = new AbortController();
    this.#abort = abort;
    void this.#tracer
      .trace(shown.request, {
        maxSteps: this.#options.maxSteps,
        maxTraceSteps: 0,
        channel: STEP_COUNT_CHANNEL,
        signal: abort.signal,
        background: true,
      })
      .then(
        (outcome) => {
          if (abort.signal.aborted || this.#shown !== shown) return;
          this.#abort = null;
          if (outcome !== null) this.#count = countOf(outcome, shown);
        },
        (error: unknown) => {
          if (abort.signal.aborted || this.#shown !== shown) return;
          this.#abort = null;
          this.#count = { kind: 'unknown', why: String(error) };
        },
      );
  }

  /** Stops following: the trace in flight is aborted. */
  dispose(): void {
    this.#cancel();
  }

  #cancel(): void {
    this.#abort?.abort();
    this.#abort = null;
  }
}

/** What a trace's outcome says about `shown`'s steps. */
export function countOf(outcome: TraceOutcome, shown: Shown): StepCount {
  if (outcome.kind === 'stopped') return { kind: 'unknown', why: `stopped (${outcome.cause})` };
  if (outcome.kind === 'engineError') return { kind: 'unknown', why: outcome.message };
  const { result } = outcome;
  if (!result.ok) return { kind: 'unknown', why: result.error.message };
  if (!result.supported) return { kind: 'unsupported', reason: result.reason };
  if (result.truncated) return { kind: 'over', maxSteps: result.maxSteps };
  return {
    kind: 'counted',
    steps: result.steps,
    backtracks: result.backtracks,
    matchSteps: sameMatches(result.matches, result.matchSteps, shown) ? result.matchSteps : null,
  };
}

/**
 * Whether the trace's matches are the evaluation's (they must be: the interpreter runs CPython's
 * own program; if they ever differ, per-match figures would point at the wrong rows, so none are
 * shown). A cut evaluation lists only its first matches: those must agree.
 */
function sameMatches(
  traced: { length: number; span16(i: number): readonly number[] | null } | null,
  matchSteps: readonly number[] | null,
  shown: Shown,
): boolean {
  const listed = shown.result.matches;
  if (traced === null || matchSteps === null || matchSteps.length !== traced.length) return false;
  if (shown.result.truncated ? traced.length < listed.length : traced.length !== listed.length) {
    return false;
  }
  for (let i = 0; i < listed.length; i++) {
    const a = traced.span16(i);
    const b = listed.span16(i);
    if (a === null || b === null || a[0] !== b[0] || a[1] !== b[1]) return false;
  }
  return true;
}
