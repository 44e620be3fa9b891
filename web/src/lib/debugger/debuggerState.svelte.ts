/**
 * The step debugger's state: the trace of the page's request (asked of the engine when the panel
 * opens, and again whenever the request changes while it is open: latest wins), the step shown,
 * and the ways to move through the steps (one at a time, to the next or previous backtrack or match
 * attempt, first/last, any step by number, or playing at a chosen speed). Opening at a match
 * starts at the first step of the attempt that found it (from the result's per-match step counts).
 * When the step budget runs out the user may raise it (×10, up to a cap) and trace again.
 *
 * No DOM here: the timer is the only outside effect, and a test may give its own.
 */
import type { EvaluateRequest, TraceStep } from '../engine/contract';
import type { TraceOptions, TraceOutcome } from '../engine/engineClient.svelte';
import type { TracedRun } from '../engine/tracing';

/** What the debugger needs of an engine (EngineClient has it). */
export interface DebugEngine {
  trace(request: EvaluateRequest, options: TraceOptions): Promise<TraceOutcome | null>;
}

/** Steps the interpreter may take before it gives up (the budget, raised ×10 on demand). */
export const DEFAULT_MAX_STEPS = 1_000_000;
/** The budget's ceiling: past it a trace takes too long to be worth stepping through. */
export const MAX_STEPS_CAP = 100_000_000;
/** The budget's floor, when a trace ran past the page's time limit and the user asks for fewer. */
export const MIN_STEPS = 10_000;
/** Steps kept for stepping through (a count beyond it is still exact). */
export const MAX_TRACE_STEPS = 100_000;
/** The debugger's own channel: the page's background step counts never cancel its trace. */
export const DEBUGGER_CHANNEL = 'debugger';

/** Steps per second while playing, slowest first. */
export const SPEEDS = [1, 2, 5, 10, 25, 100] as const;
export type Speed = (typeof SPEEDS)[number];
export const DEFAULT_SPEED: Speed = 5;

/** What the panel shows. */
export type DebugPhase =
  /** Closed, or nothing asked yet. */
  | { kind: 'idle' }
  /** The trace is on its way; the previous one (if any) is still shown, greyed, until it comes. */
  | { kind: 'loading'; previous: TracedRun | null }
  /** The trace ran (possibly truncated): step through it. */
  | { kind: 'ready'; run: TracedRun }
  /**
   * No trace: the pattern or request is wrong, the interpreter cannot run it, or it was stopped
   * (`stopped`: it ran past the page's time limit, so a smaller budget may finish in time).
   */
  | { kind: 'failed'; message: string; stopped?: boolean };

/** Timers, replaceable in tests. */
export interface DebugTimers {
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const browserTimers: DebugTimers = {
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DebuggerOptions {
  /**
   * Quiet time after an edit before the new request is traced (0: at once). Without isolation a
   * running trace cannot be cut short, so the page waits for typing to pause.
   */
  followDelayMs?: number;
  timers?: DebugTimers;
}

/**
 * The first step of the attempt that found match `match` of `run`: its search call begins after
 * the steps of the matches before it (matchSteps' running sum), and within that call the attempt
 * that found it is the first one starting where the match starts. Null when the run has no step
 * counts (truncated) or no such match; a step past the kept steps is clamped by the caller.
 */
export function firstStepOfMatch(run: TracedRun, match: number): number | null {
  const counts = run.matchSteps;
  if (counts === null || match < 0 || match >= counts.length) return null;
  let from = 0;
  for (let i = 0; i < match; i++) from += counts[i]!;
  const to = Math.min(from + counts[match]!, run.trace.count);
  const start16 = run.matches?.start16(match);
  if (start16 !== undefined) {
    for (let i = from; i < to; i++) if (run.trace.start16(i) === start16) return i;
  }
  return from;
}

/** Why there is no trace, in one sentence. */
function failure(outcome: TraceOutcome): string | null {
  switch (outcome.kind) {
    case 'done': {
      const result = outcome.result;
      if (!result.ok) return `No trace: ${result.error.message}`;
      if (!result.supported) return `The debugger cannot run this pattern: ${result.reason}`;
      return null;
    }
    case 'stopped':
      return outcome.cause === 'deadline'
        ? `The trace ran past the page's time limit and was stopped after ${(outcome.afterMs / 1000).toFixed(1)} s.`
        : `The trace was stopped after ${(outcome.afterMs / 1000).toFixed(1)} s.`;
    case 'engineError':
      return `The engine could not trace this: ${outcome.message}`;
  }
}

export class DebuggerState {
  /** Whether the panel is open. */
  isOpen = $state(false);
  phase = $state.raw<DebugPhase>({ kind: 'idle' });
  /** The request the shown trace is of (null until one arrives). */
  traced = $state.raw<EvaluateRequest | null>(null);
  /** The step shown (0-based). */
  index = $state(0);
  playing = $state(false);
  speed = $state<Speed>(DEFAULT_SPEED);
  /** The step budget of the next trace. */
  maxSteps = $state(DEFAULT_MAX_STEPS);

  readonly #engine: DebugEngine;
  readonly #timers: DebugTimers;
  readonly #followDelayMs: number;
  #followTimer: unknown = null;
  #request: EvaluateRequest | null = null;
  /** Open at this match once the trace arrives. */
  #atMatch: number | null = null;
  #seq = 0;
  #abort: AbortController | null = null;
  #timer: unknown = null;
  /** matchEnds' answer for the run it was computed for. */
  #ends: { run: TracedRun; ends: Float64Array } | null = null;
  /** The request whose trace is on its way, or null. */
  #pendingRequest: EvaluateRequest | null = null;

  constructor(engine: DebugEngine, options: DebuggerOptions = {}) {
    this.#engine = engine;
    this.#timers = options.timers ?? browserTimers;
    this.#followDelayMs = options.followDelayMs ?? 0;
  }

  /** The trace shown, if there is one. */
  get run(): TracedRun | null {
    const phase = this.phase;
    if (phase.kind === 'ready') return phase.run;
    return phase.kind === 'loading' ? phase.previous : null;
  }

  /** Whether a new trace is on its way (the one shown, if any, is the previous request's). */
  get loading(): boolean {
    return this.phase.kind === 'loading';
  }

  /** How many steps can be shown. */
  get count(): number {
    return this.run?.trace.count ?? 0;
  }

  /** The step shown, or null. */
  get step(): TraceStep | null {
    return this.run?.trace.at(this.index) ?? null;
  }

  /** The step after the one shown (its words may depend on it), or undefined. */
  get nextStep(): TraceStep | undefined {
    return this.run?.trace.at(this.index + 1);
  }

  /**
   * Which match step `index` found: its index when the step ends that match's search call (the
   * pattern's end, SUCCESS), null when the trace has step counts and it ends none, undefined when
   * it has none (a cut trace).
   */
  matchFoundAt(index: number): number | null | undefined {
    const ends = this.#matchEnds();
    if (ends === null) return undefined;
    let low = 0;
    let high = ends.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const end = ends[mid]!;
      if (end === index) return mid;
      if (end < index) low = mid + 1;
      else high = mid - 1;
    }
    return null;
  }

  /** The last step of each match's search call (matchSteps' running sums, less one). */
  #matchEnds(): Float64Array | null {
    const run = this.run;
    const counts = run?.matchSteps ?? null;
    if (run === null || counts === null) return null;
    if (this.#ends?.run === run) return this.#ends.ends;
    const ends = new Float64Array(counts.length);
    let total = 0;
    counts.forEach((count, i) => {
      total += count;
      ends[i] = total - 1;
    });
    this.#ends = { run, ends };
    return ends;
  }

  /** Whether the budget can still be raised. */
  get canRaise(): boolean {
    return this.maxSteps < MAX_STEPS_CAP;
  }

  /** Whether the budget can still be lowered. */
  get canLower(): boolean {
    return this.maxSteps > MIN_STEPS;
  }

  /** Opens the panel on `request` (at match `match`, if given) and traces it. */
  open(request: EvaluateRequest, match: number | null = null): void {
    this.isOpen = true;
    this.#atMatch = match;
    // Already traced, or on its way: only move to the match (now, or when it arrives).
    if (sameRequest(this.#requested(), request)) {
      if (this.phase.kind === 'ready' && match !== null) this.#goToMatch(this.phase.run, match);
      if (this.phase.kind === 'ready' || this.phase.kind === 'loading') return;
    }
    this.#trace(request);
  }

  /** The page's request changed: trace the new one if the panel is open. */
  follow(request: EvaluateRequest): void {
    this.#request = request;
    this.#cancelFollow();
    if (!this.isOpen || sameRequest(this.#requested(), request)) return;
    this.#atMatch = null;
    if (this.#followDelayMs <= 0) {
      this.#trace(request);
      return;
    }
    this.pause();
    this.#followTimer = this.#timers.setTimeout(() => {
      this.#followTimer = null;
      if (this.isOpen) this.#trace(request);
    }, this.#followDelayMs);
  }

  #cancelFollow(): void {
    if (this.#followTimer !== null) this.#timers.clearTimeout(this.#followTimer);
    this.#followTimer = null;
  }

  /** Traces the latest request again if the panel is open (e.g. on another Python version). */
  retrace(): void {
    const request = this.#request ?? this.traced;
    if (this.isOpen && request !== null) this.#trace(request);
  }

  /** Closes the panel; its trace is dropped (and stopped if it runs). */
  close(): void {
    this.isOpen = false;
    this.#cancelFollow();
    this.pause();
    this.#abort?.abort();
    this.#abort = null;
    this.#seq++;
    this.phase = { kind: 'idle' };
    this.traced = null;
    this.#pendingRequest = null;
    this.index = 0;
  }

  /** Traces again with a budget ten times larger (up to MAX_STEPS_CAP). */
  raiseBudget(): void {
    if (!this.canRaise) return;
    this.maxSteps = Math.min(MAX_STEPS_CAP, this.maxSteps * 10);
    const request = this.traced ?? this.#request;
    if (request !== null && this.isOpen) this.#trace(request);
  }

  /** Traces again with a budget ten times smaller (down to MIN_STEPS): one that ends in time. */
  lowerBudget(): void {
    if (!this.canLower) return;
    this.maxSteps = Math.max(MIN_STEPS, Math.round(this.maxSteps / 10));
    const request = this.traced ?? this.#request;
    if (request !== null && this.isOpen) this.#trace(request);
  }

  go(index: number): void {
    const last = this.count - 1;
    this.index = last < 0 ? 0 : Math.min(last, Math.max(0, Math.round(index)));
    if (this.playing && this.index >= last) this.pause();
  }

  forward(): void {
    this.go(this.index + 1);
  }

  back(): void {
    this.go(this.index - 1);
  }

  first(): void {
    this.go(0);
  }

  last(): void {
    this.go(this.count - 1);
  }

  /** Moves to the next backtrack; false (and stays) when there is none. */
  nextBacktrack(): boolean {
    return this.#moveTo(this.run?.trace.nextBacktrack(this.index) ?? null);
  }

  previousBacktrack(): boolean {
    return this.#moveTo(this.run?.trace.previousBacktrack(this.index) ?? null);
  }

  /** Moves to the first step of the next match attempt (the next change of start16). */
  nextAttempt(): boolean {
    return this.#moveTo(this.run?.trace.nextAttempt(this.index) ?? null);
  }

  previousAttempt(): boolean {
    return this.#moveTo(this.run?.trace.previousAttempt(this.index) ?? null);
  }

  play(): void {
    if (this.playing || this.count === 0) return;
    if (this.index >= this.count - 1) this.index = 0;
    this.playing = true;
    this.#restartTimer();
  }

  pause(): void {
    this.playing = false;
    if (this.#timer !== null) this.#timers.clearInterval(this.#timer);
    this.#timer = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    if (this.playing) this.#restartTimer();
  }

  #restartTimer(): void {
    if (this.#timer !== null) this.#timers.clearInterval(this.#timer);
    this.#timer = this.#timers.setInterval(() => this.forward(), 1000 / this.speed);
  }

  #moveTo(index: number | null): boolean {
    if (index === null) return false;
    this.go(index);
    return true;
  }

  /** The request asked for last (on its way or shown). */
  #requested(): EvaluateRequest | null {
    return this.#pendingRequest ?? this.traced;
  }

  #trace(request: EvaluateRequest): void {
    this.#cancelFollow();
    this.#request = request;
    this.#pendingRequest = request;
    this.pause();
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const seq = ++this.#seq;
    this.phase = { kind: 'loading', previous: this.run };
    const options: TraceOptions = {
      maxSteps: this.maxSteps,
      maxTraceSteps: MAX_TRACE_STEPS,
      channel: DEBUGGER_CHANNEL,
      signal: abort.signal,
    };
    this.#engine.trace(request, options).then(
      (outcome) => {
        if (seq !== this.#seq || outcome === null) return;
        this.#settle(request, outcome);
      },
      (error: unknown) => {
        if (seq !== this.#seq) return;
        this.#pendingRequest = null;
        this.phase = {
          kind: 'failed',
          message: `The engine could not trace this: ${String(error)}`,
        };
      },
    );
  }

  #settle(request: EvaluateRequest, outcome: TraceOutcome): void {
    this.#pendingRequest = null;
    this.#abort = null;
    this.traced = request;
    const message = failure(outcome);
    if (message !== null || outcome.kind !== 'done' || !outcome.result.ok) {
      const stopped = outcome.kind === 'stopped' && outcome.cause === 'deadline';
      this.phase = { kind: 'failed', message: message ?? 'No trace.', stopped };
      this.index = 0;
      return;
    }
    const result = outcome.result;
    if (!result.supported) return;
    this.phase = { kind: 'ready', run: result };
    this.index = 0;
    if (this.#atMatch !== null) this.#goToMatch(result, this.#atMatch);
  }

  #goToMatch(run: TracedRun, match: number): void {
    const step = firstStepOfMatch(run, match);
    if (step !== null) this.go(step);
  }
}

/** Whether two requests ask the same (the panel traces each request once). */
function sameRequest(a: EvaluateRequest | null, b: EvaluateRequest | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.pattern === b.pattern &&
    a.text === b.text &&
    a.op === b.op &&
    (a.flags ?? '') === (b.flags ?? '') &&
    (a.replacement ?? '') === (b.replacement ?? '') &&
    (a.count ?? 0) === (b.count ?? 0) &&
    (a.maxsplit ?? 0) === (b.maxsplit ?? 0) &&
    a.maxMatches === b.maxMatches
  );
}
