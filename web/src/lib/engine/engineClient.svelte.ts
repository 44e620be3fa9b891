/**
 * The page's one handle on the engine: owns the worker (created through an injectable factory and
 * wrapped with Comlink), drives the lifecycle machine in lifecycle.ts, enforces every run's
 * deadline (interrupt through the shared buffer, then terminate and start a new worker), restarts
 * crashed workers, and publishes only the newest request's result (latest wins).
 *
 * Three kinds of run share the one worker, one at a time: evaluations (`submit`, the test string),
 * test suites (`submitSuite`) and analyses: traces (`trace`, the step debugger and the page's step
 * counts) and ReDoS checks (`redos`). Latest wins separately per kind (and per channel for
 * analyses): a newer suite never makes an evaluation stale, nor the other way round. A waiting
 * evaluation is sent before a waiting suite, and a waiting suite before a waiting analysis. An
 * evaluation also preempts an analysis in the worker (isolated pages only), and a suite or the
 * user's own analysis preempts a background one: it is interrupted at once and runs again after.
 * On isolated pages a quick evaluation's answer is also read early, from the answer mailbox
 * (answerMailbox.ts), in the next frame, the keystroke's own, which waits for it when the engine's
 * recent runs say it will come soon (earlyWaitMs).
 * The side calls (`explain`, `toPython`, `suiteToPytest`) wait while an evaluation is waiting or
 * in the worker, and then for the next frame: the result is drawn before the worker takes them on,
 * instead of sharing the machine with them (on a first visit, a page's first result drew in about
 * 25 ms after its answer this way, against about 55 ms, docs/benchmarks.md).
 *
 * It must never touch the DOM (the page passes URLs in), never publish a result older than the
 * newest request of its kind, and never let an answer from a terminated worker reach its state.
 */
import { proxy, wrap, type Endpoint, type Remote } from 'comlink';
import type {
  EngineApi,
  EngineCrashMessage,
  EngineInfo,
  EvaluateAnswer,
  EvaluateRequest,
  ErrorResult,
  LoadProgress,
  RedosRequest,
  RedosResult,
  RunSuiteRequest,
  Suite,
  SuiteResult,
  TraceAnswer,
  TraceBudgets,
} from './contract';
import { SUITE_PROGRESS, SUITE_PROGRESS_SLOTS } from './contract';
import { awaitAnswer, createMailbox, runMsOf } from './answerMailbox';
import { createBundledWorker } from './bundledWorker';
import { evaluationOf, type Evaluation } from './evaluation';
import { traceOf, type Trace } from './tracing';
import { formatBytes, isEngineOutOfMemory, saysOutOfMemory } from './outOfMemory';
import {
  initialLifecycle,
  lifecycleInfo,
  lifecycleLabel,
  transition,
  type Lifecycle,
  type LifecycleEvent,
  type RestartReason,
} from './lifecycle';

/** What the client needs of a worker: a Comlink endpoint it can terminate. `Worker` is one. */
export interface EngineWorker extends Endpoint {
  terminate(): void;
}

export type WorkerFactory = () => EngineWorker;

export interface EngineClientOptions {
  /** Creates one engine worker; called again for every restart. Default: the bundled engine.worker.ts. */
  createWorker?: WorkerFactory;
  /** Folder of Pyodide's runtime files (ends with '/'). Default: `pyodide/` next to `baseURI`. */
  indexURL?: string;
  /** The pyregex wheel. Default: `wheelFileName` inside `indexURL`. */
  wheelURL?: string;
  /** The wheel's file name, used when `wheelURL` is not given. */
  wheelFileName?: string;
  /** The standard library. Default: Pyodide's own, in `indexURL`. */
  stdLibURL?: string;
  /** Base for the default `indexURL`. Default: `document.baseURI`. */
  baseURI?: string;
  /** Whether interrupts can go through a SharedArrayBuffer. Default: `crossOriginIsolated`. */
  isolated?: boolean;
  /** How long one evaluation, or one whole test suite, may run before it is stopped. Default 2000 ms. */
  deadlineMs?: number;
  /** How long to wait for `Interrupted` after writing to the buffer before terminating. Default 500 ms. */
  graceMs?: number;
  /** Monotonic clock in ms. Default: `performance.now()`. */
  now?: () => number;
  /**
   * An engine left holding more WebAssembly memory than this after a run is restarted once the
   * run's result is shown (memory never shrinks). Default 1 GiB.
   */
  memoryLimitBytes?: number;
  /**
   * Calls back just before the browser renders its next frame. Default: requestAnimationFrame,
   * where there is one; null: answers are never read early from the answer mailbox.
   */
  nextFrame?: ((callback: () => void) => void) | null;
  /** Told about every state change, in order (diagnostics, tests). */
  onTransition?: (next: Lifecycle, previous: Lifecycle, event: LifecycleEvent) => void;
}

/** What `explain` answers, whatever the contract calls it. */
export type Explanation = Awaited<ReturnType<EngineApi['explain']>>;

export const DEFAULT_DEADLINE_MS = 2_000;
/** The longest a side call waits for the frame that draws a result (a hidden tab draws none). */
export const SIDE_CALL_FRAME_WAIT_MS = 100;
export const DEFAULT_GRACE_MS = 500;
export const DEFAULT_MEMORY_LIMIT_BYTES = 2 ** 30;
/**
 * With isolation, a run still going this long after a newer request arrived is interrupted: its
 * result would be stale anyway, and the newest input should not wait for it. Shorter runs finish on
 * their own, so results keep appearing while the user types.
 */
const SUPERSEDE_AFTER_MS = 150;

/**
 * How long after sending an evaluation the page waits at least for its answer in the answer
 * mailbox (isolated pages only), in the frame that draws the keystroke: long enough for a typical
 * keystroke's run (about 3 ms from request to answer), short enough that a wait in vain costs less
 * than the frame it tries to save. Used as is while no run time is known yet (earlyWaitMs).
 */
export const EARLY_ANSWER_WAIT_MS = 6;

/**
 * The longest typical run the page still waits for in the keystroke's frame: a longer wait would
 * hold the keystroke's own echo back too long. 30 ms covers 6 000 matches with groups on one line
 * (the worker takes 11-17 ms, and 25-30 ms for the first few runs on a new text), whose answer
 * otherwise lands two or three frames after the key.
 */
export const LONGEST_AWAITED_RUN_MS = 30;

/** The most the page waits for an answer beyond the engine's typical run (earlyWaitMs). */
const LONGEST_WAIT_BEYOND_RUN_MS = 12;

/** How many of the latest evaluations' run times decide whether to wait (their median). */
const RUN_TIMES_KEPT = 3;

/** The median of `values` (the upper one of an even count), or null for none. */
function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}

/**
 * How long after sending an evaluation the page may wait for its answer in the keystroke's frame,
 * from the engine's typical run time (null: none known yet); null: not at all, the run is too
 * long to wait for. Twice the typical time and 2 ms, but at most 12 ms over it: on a busy machine
 * (the page's own frame, the browser's other threads) a run takes up to twice its usual time, and
 * the trip to the worker and back adds a millisecond or two (with 1.25 times, 6 of 30 keystrokes
 * over 6 000 matches waited in vain, each then costing 40-60 ms instead of 15-25).
 */
export function earlyWaitMs(typicalRunMs: number | null): number | null {
  if (typicalRunMs === null) return EARLY_ANSWER_WAIT_MS;
  if (typicalRunMs > LONGEST_AWAITED_RUN_MS) return null;
  const wait = Math.min(typicalRunMs * 2 + 2, typicalRunMs + LONGEST_WAIT_BEYOND_RUN_MS);
  return Math.max(EARLY_ANSWER_WAIT_MS, wait);
}

/**
 * The answer to `submission` from the answer mailbox, waiting for it up to `budgetMs`; null when
 * it did not come in time, did not fit, or cannot be read (the posted answer says why).
 */
function readEarly(
  mailbox: SharedArrayBuffer,
  submission: EvaluationSubmission,
  budgetMs: number,
  now: () => number,
): { result: Evaluation; memoryBytes: number | null } | null {
  const read = awaitAnswer(mailbox, submission.id, budgetMs, now);
  if (read?.kind !== 'answer') return null;
  try {
    const evaluation = JSON.parse(read.json) as EvaluateAnswer['evaluation'];
    return {
      result: evaluationOf({ ...read, evaluation }, submission.request),
      memoryBytes: read.memoryBytes,
    };
  } catch {
    return null;
  }
}

/** How often the watchdog of a running suite reads which case runs (isolated pages only). */
export const CASE_WATCH_INTERVAL_MS = 20;

/**
 * The time limits a suite run gets from the page's deadline. One case may take a quarter of it (at
 * least 50 ms), so a runaway case costs a timeout verdict, not the rest of the suite.
 *
 * The whole suite gets the deadline, less a margin (a tenth, at most 250 ms) in which the engine
 * answers with the cases it did not reach skipped, before the page's own deadline stops it. Without
 * isolation that stop is a restart of the worker (seconds), so a suite of many quick cases must end
 * itself first; with isolation it spares a "Stopping…" for a suite that simply ran out of time.
 */
export function suiteLimits(deadlineMs: number): { caseMs: number; suiteMs: number } {
  return {
    caseMs: Math.max(50, deadlineMs / 4),
    suiteMs: deadlineMs - Math.min(deadlineMs / 10, 250),
  };
}

/** What became of one submitted request. `id` is the request's id from `submit`. */
export type RunOutcome =
  /** The engine answered: a Python success or error result (e.g. a bad pattern). */
  | { kind: 'done'; id: number; request: EvaluateRequest; result: Evaluation }
  /**
   * The run was stopped after `afterMs`: `interrupt` by the shared buffer (same engine), or
   * `restart` by terminating the worker. `cause` says why.
   */
  | {
      kind: 'stopped';
      id: number;
      request: EvaluateRequest;
      afterMs: number;
      how: 'interrupt' | 'restart';
      cause: RestartReason;
    }
  /** The engine could not answer for a reason other than the request (a bug, not a regex error). */
  | { kind: 'engineError'; id: number; request: EvaluateRequest; message: string };

/**
 * What became of one submitted test suite. `id` is the suite's id from `submitSuite`.
 *
 * With isolation a suite is never cut short without a result: a case that runs too long is
 * interrupted and marked `timeout` while the suite goes on, and a suite stopped as a whole (its
 * deadline, the Stop button) answers at once with the cases it did not reach `skipped` — that is a
 * `done`. Without isolation no single case can be stopped: a suite still running at its deadline
 * (or stopped by the user) is ended by terminating the worker, and that is a `stopped` with how
 * 'restart', with no verdicts at all.
 */
export type SuiteOutcome =
  /** The engine answered: every case's verdict (some `timeout` or `skipped`), or `result.error`. */
  | { kind: 'done'; id: number; suite: Suite; result: SuiteResult }
  /** The suite run was ended after `afterMs` without verdicts; `cause` says why. */
  | {
      kind: 'stopped';
      id: number;
      suite: Suite;
      afterMs: number;
      how: 'interrupt' | 'restart';
      cause: RestartReason;
    }
  /** The engine could not answer for a reason other than the suite (a bug). */
  | { kind: 'engineError'; id: number; suite: Suite; message: string };

/** How to run one analysis (see `EngineClient.trace` and `EngineClient.redos`). */
export interface AnalysisOptions {
  /**
   * Analyses of one channel are latest wins: a newer one in the same channel supersedes an older
   * one (which resolves null). The step debugger, the page's background step counts and its ReDoS
   * check use channels of their own, so none cancels another. Default: the method's name.
   */
  channel?: string;
  /** Aborting drops the run: it resolves null (and is interrupted if it runs, when isolated). */
  signal?: AbortSignal;
  /**
   * A run the user did not ask for (the page's step counts): while it runs, `runningInBackground`
   * is true, so the page need not say "Running…" for it. It runs under the same rules otherwise.
   */
  background?: boolean;
}

/** How to run one trace (see `EngineClient.trace`). */
export interface TraceOptions extends TraceBudgets, AnalysisOptions {}

/**
 * What became of one analysis. `id` comes from the same counter as evaluations and suites. One
 * that a newer one of its channel superseded, or that was aborted, resolves null instead.
 */
export type AnalysisOutcome<Request, Result> =
  /** The engine answered: the analysis, or an error result. */
  | { kind: 'done'; id: number; request: Request; result: Result }
  /** The run was stopped after `afterMs` (its deadline, the Stop button, a crash). */
  | {
      kind: 'stopped';
      id: number;
      request: Request;
      afterMs: number;
      how: 'interrupt' | 'restart';
      cause: RestartReason;
    }
  /** The engine could not answer for a reason other than the request (a bug). */
  | { kind: 'engineError'; id: number; request: Request; message: string };

/** What became of one trace: a trace (possibly truncated or unsupported), or an error result. */
export type TraceOutcome = AnalysisOutcome<EvaluateRequest, Trace>;

/** What the engine answers for a ReDoS check: the verdict, or an error result (Interrupted...). */
export type RedosAnswer = RedosResult | ErrorResult;

/** What became of one ReDoS check (see `EngineClient.redos`). */
export type RedosOutcome = AnalysisOutcome<RedosRequest, RedosAnswer>;

/** The error a call gets when its worker was terminated before it answered. */
export class EngineGoneError extends Error {
  override name = 'EngineGone';
  constructor() {
    super('The engine worker was stopped before it answered.');
  }
}

/**
 * A plain copy of `request` for the worker: `$state.snapshot` of its fields, but its text as it
 * is. Svelte's snapshot structured-clones every string it meets: for a 10 MB test string about
 * 80 ms of the edit's own task (CPU profile of bench P6), much of it flattening the string, which
 * postMessage then does instead, and 20 ms more for each later trace and toPython copy. A string
 * is immutable, so the copy can share it.
 */
function plainRequest(request: EvaluateRequest): EvaluateRequest {
  const { text, ...rest } = request;
  return { ...$state.snapshot(rest), text };
}

/** An absolute URL as a plain string; throws on an invalid base. */
function resolveURL(relative: string, base: string): string {
  return new URL(relative, base).href;
}

function detectIsolation(): boolean {
  return globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isCrash(error: unknown): boolean {
  return (error instanceof Error && error.name === 'EngineCrashed') || isEngineOutOfMemory(error);
}

function isCrashMessage(data: unknown): data is EngineCrashMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, message } = data as Partial<Record<keyof EngineCrashMessage, unknown>>;
  return type === 'pyregex:crash' && typeof message === 'string';
}

function isInterrupted(result: Evaluation | Trace): boolean {
  return !result.ok && result.error.type === 'Interrupted';
}

function isRedosInterrupted(result: RedosAnswer): boolean {
  return 'ok' in result && result.error.type === 'Interrupted';
}

/** A suite answer that holds no verdicts, only the interruption (it stopped outside any case). */
function isSuiteInterrupted(result: SuiteResult): boolean {
  return result.error?.type === 'Interrupted';
}

/**
 * One worker and everything in flight on it. Closing it terminates the worker and settles every
 * pending call with EngineGoneError, so no answer of a dead worker resolves later.
 */
class Connection {
  readonly api: Remote<EngineApi>;
  /** Evaluations sent to this worker so far. */
  evaluations = 0;
  #abandon = new Set<() => void>();
  #closed = false;
  readonly #onMessage: (event: Event) => void;
  readonly #onError: (event: Event) => void;

  constructor(
    readonly attempt: number,
    readonly worker: EngineWorker,
    readonly interruptBuffer: Int32Array | null,
    /** The suite progress slots (SUITE_PROGRESS in contract.ts); null without isolation. */
    readonly progressBuffer: Int32Array | null,
    /** Where the engine also puts each evaluation's answer (answerMailbox.ts); null without isolation. */
    readonly mailbox: SharedArrayBuffer | null,
    onCrash: (message: string) => void,
  ) {
    this.#onMessage = (event) => {
      const data: unknown = (event as MessageEvent).data;
      if (isCrashMessage(data)) onCrash(data.message);
    };
    this.#onError = (event) => {
      // Handled here: the page restarts the worker, so the browser need not report it as uncaught.
      event.preventDefault();
      const message = (event as ErrorEvent).message;
      onCrash(message || 'The engine worker failed to run.');
    };
    worker.addEventListener('message', this.#onMessage);
    worker.addEventListener('error', this.#onError);
    this.api = wrap<EngineApi>(worker);
  }

  /** One API call that settles only while this connection is open. */
  call<T>(invoke: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new EngineGoneError());
    let answer: Promise<T>;
    try {
      answer = invoke(this.api);
    } catch (error) {
      answer = Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      const abandon = () => reject(new EngineGoneError());
      this.#abandon.add(abandon);
      answer.then(
        (value) => {
          if (this.#abandon.delete(abandon)) resolve(value);
        },
        (error: unknown) => {
          if (this.#abandon.delete(abandon)) reject(error);
        },
      );
    });
  }

  /** Asks the running Python code to raise KeyboardInterrupt (isolated pages only). */
  interrupt(): void {
    if (this.interruptBuffer !== null) Atomics.store(this.interruptBuffer, 0, 2);
  }

  /** Stops the running suite as a whole: the stop slot first, so the interrupt finds it set. */
  stopSuite(): void {
    if (this.progressBuffer !== null) Atomics.store(this.progressBuffer, SUITE_PROGRESS.stop, 1);
    this.interrupt();
  }

  /** Clears the progress slots before a suite is sent, so its watchdog never reads an old case. */
  resetProgress(): void {
    if (this.progressBuffer === null) return;
    Atomics.store(this.progressBuffer, SUITE_PROGRESS.case, 0);
    Atomics.store(this.progressBuffer, SUITE_PROGRESS.stop, 0);
  }

  /** Index + 1 of the suite's case running now (0: none yet), or null without isolation. */
  runningCase(): number | null {
    return this.progressBuffer === null
      ? null
      : Atomics.load(this.progressBuffer, SUITE_PROGRESS.case);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.worker.removeEventListener('message', this.#onMessage);
    this.worker.removeEventListener('error', this.#onError);
    this.worker.terminate();
    const abandoned = [...this.#abandon];
    this.#abandon.clear();
    for (const abandon of abandoned) abandon();
  }
}

/** A request waiting for, or in, the worker. Ids come from one counter, so run ids never repeat. */
type Submission = EvaluationSubmission | SuiteSubmission | AnalysisSubmission;

interface EvaluationSubmission {
  kind: 'evaluation';
  id: number;
  request: EvaluateRequest;
}

interface SuiteSubmission {
  kind: 'suite';
  id: number;
  suite: Suite;
}

/** What an analysis's worker call hands back: its result, and the memory after the run. */
interface AnalysisAnswer<Result> {
  result: Result;
  memoryBytes: number | null;
}

/**
 * A trace or a ReDoS check: the run machinery needs only its channel and flags; what it asks the
 * worker and how to read the answer come with it. (Methods, not function-typed properties, so a
 * submission of any request and result type is an `AnalysisSubmission`.)
 */
interface AnalysisSubmission<Request = unknown, Result = unknown> {
  kind: 'analysis';
  id: number;
  request: Request;
  channel: string;
  background: boolean;
  /** Set when its signal aborted: it will resolve null. */
  aborted: boolean;
  /** Set when an evaluation interrupted it: an `Interrupted` answer then means "run it again". */
  preempted: boolean;
  /** Asks the worker (reading the answer may throw: a failed run, then). */
  call(api: Remote<EngineApi>): Promise<AnalysisAnswer<Result>>;
  /** Whether `result` is the Interrupted error. */
  isInterrupted(result: Result): boolean;
  /** Resolves the promise the method returned (once; later calls do nothing). */
  resolve(outcome: AnalysisOutcome<Request, Result> | null): void;
}

export class EngineClient {
  /** Whether runs are stopped through the interrupt buffer (instant) rather than by a restart. */
  readonly isolated: boolean;

  #state = $state.raw<Lifecycle>(initialLifecycle());
  #result = $state.raw<RunOutcome | null>(null);
  #latestId = $state(0);
  #suiteResult = $state.raw<SuiteOutcome | null>(null);
  #latestSuiteId = $state(0);
  /** The last id handed out, to an evaluation or a suite. */
  #lastId = 0;
  #deadlineMs = $state(DEFAULT_DEADLINE_MS);

  readonly #label = $derived(lifecycleLabel(this.#state));
  readonly #info = $derived(lifecycleInfo(this.#state));

  readonly #createWorker: WorkerFactory;
  readonly #indexURL: string;
  readonly #wheelURL: string;
  readonly #stdLibURL: string | undefined;
  readonly #graceMs: number;
  readonly #memoryLimitBytes: number;
  readonly #now: () => number;
  readonly #onTransition: EngineClientOptions['onTransition'];
  readonly #nextFrame: ((callback: () => void) => void) | null;

  #conn: Connection | null = null;
  /** The newest evaluation not yet sent; a newer submit replaces it (see #pending). */
  #pendingRun: EvaluationSubmission | null = null;
  /** The newest suite not yet sent; a newer submitSuite replaces it. */
  #pendingSuite: SuiteSubmission | null = null;
  /** Analyses not yet sent, oldest first, at most one per channel. */
  #pendingTraces: AnalysisSubmission[] = [];
  /** The newest analysis's id per channel. */
  // Bookkeeping, not state: nothing renders from it.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #latestTraces = new Map<string, number>();
  /** The request in the worker right now (reactive for `runningInBackground`; see #inFlight). */
  #inFlightRun = $state.raw<Submission | null>(null);
  /** Side calls waiting for the evaluations to be answered (see #afterEvaluations). */
  #sideCallWaiters: Array<() => void> = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Interrupts a run that a newer request of its kind made stale (see SUPERSEDE_AFTER_MS). */
  #supersedeTimer: ReturnType<typeof setTimeout> | null = null;
  /** Reads which case of the running suite runs, to interrupt one that runs too long. */
  #caseWatch: ReturnType<typeof setInterval> | null = null;
  #readyWaiters: Array<(conn: Connection | null) => void> = [];
  /** The engine's time on the last few evaluations whose time is known (ms), newest last. */
  #recentRunMs: number[] = [];
  #explainSeq = 0;
  #toPythonSeq = 0;
  #pytestSeq = 0;
  /** explain/toPython/suiteToPytest calls not yet answered (the pool keeps a busy engine). */
  #asking = 0;
  /** The interpreter's WebAssembly memory as last reported (boot, then each evaluation). */
  #memoryBytes: number | null = null;
  #disposed = false;

  get #pending(): EvaluationSubmission | null {
    return this.#pendingRun;
  }

  set #pending(submission: EvaluationSubmission | null) {
    this.#pendingRun = submission;
    this.#wakeSideCalls();
  }

  get #inFlight(): Submission | null {
    return this.#inFlightRun;
  }

  set #inFlight(submission: Submission | null) {
    this.#inFlightRun = submission;
    this.#wakeSideCalls();
  }

  constructor(options: EngineClientOptions = {}) {
    this.#createWorker = options.createWorker ?? createBundledWorker;
    this.#indexURL =
      options.indexURL ?? resolveURL('./pyodide/', options.baseURI ?? document.baseURI);
    if (options.wheelURL !== undefined) {
      this.#wheelURL = options.wheelURL;
    } else if (options.wheelFileName) {
      this.#wheelURL = resolveURL(options.wheelFileName, this.#indexURL);
    } else {
      throw new Error('EngineClient needs the pyregex wheel: pass wheelURL or wheelFileName.');
    }
    this.#stdLibURL = options.stdLibURL;
    this.isolated = options.isolated ?? detectIsolation();
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.#graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
    this.#memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    this.#now = options.now ?? (() => performance.now());
    this.#onTransition = options.onTransition;
    this.#nextFrame =
      options.nextFrame !== undefined
        ? options.nextFrame
        : typeof requestAnimationFrame === 'function'
          ? (callback) => requestAnimationFrame(() => callback())
          : null;
    this.#connect(this.#state.attempt);
  }

  /** The lifecycle state; replaced (never mutated) on every change. */
  get state(): Lifecycle {
    return this.#state;
  }

  /** A human label for `state`, e.g. "Ready" or "Loading Python runtime 2.1 / 9.6 MB". */
  get label(): string {
    return this.#label;
  }

  /** The engine's versions while a worker is initialised, else null. */
  get info(): EngineInfo | null {
    return this.#info;
  }

  /**
   * Whether the engine has work: a run in the worker, a request or suite waiting, or a call
   * (explain, code) not answered yet. An engine that is not busy may be let go (enginePool).
   */
  get busy(): boolean {
    return (
      this.#inFlight !== null ||
      this.#pending !== null ||
      this.#pendingSuite !== null ||
      this.#pendingTraces.length > 0 ||
      this.#asking > 0
    );
  }

  /** Whether the run in the worker is a background analysis (see AnalysisOptions.background). */
  get runningInBackground(): boolean {
    const run = this.#inFlight;
    return run?.kind === 'analysis' && run.background;
  }

  /**
   * The worker's WebAssembly memory in bytes, as it last reported (after booting, then after each
   * evaluation), or null before it first did. It never shrinks while the worker lives.
   */
  get memoryBytes(): number | null {
    return this.#memoryBytes;
  }

  /** The outcome of the newest request that has one (never of a request older than that). */
  get result(): RunOutcome | null {
    return this.#result;
  }

  /**
   * The id of the newest submitted evaluation; `result.id` lags behind it while that one runs.
   * Suites never change it (their ids come from the same counter, so ids are not consecutive).
   */
  get latestId(): number {
    return this.#latestId;
  }

  /** The outcome of the newest test suite that has one (never of a suite older than that). */
  get suiteResult(): SuiteOutcome | null {
    return this.#suiteResult;
  }

  /** The id of the newest submitted suite; `suiteResult.id` lags behind it while that one runs. */
  get latestSuiteId(): number {
    return this.#latestSuiteId;
  }

  /** How long one evaluation, or one whole suite, may run; applies from the next run. */
  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  set deadlineMs(value: number) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`The deadline must be a positive number of ms, not ${value}.`);
    }
    this.#deadlineMs = value;
  }

  /**
   * Asks for an evaluation and returns its id. It runs as soon as the engine is free; if newer
   * requests arrive before that, only the newest one runs.
   */
  submit(request: EvaluateRequest): number {
    if (this.#disposed) throw new Error('This EngineClient is disposed.');
    const id = ++this.#lastId;
    this.#latestId = id;
    this.#pending = { kind: 'evaluation', id, request: plainRequest(request) };
    this.#pump();
    this.#supersedeStaleRun('evaluation');
    this.#preemptTrace(false);
    this.#stopStaleSuiteForEvaluation();
    return id;
  }

  /**
   * Asks for a test suite run and returns its id. It runs once the engine is free and no evaluation
   * waits; if newer suites arrive before that, only the newest one runs. Its time limits come from
   * `deadlineMs` (see suiteLimits); the outcome appears in `suiteResult`.
   */
  submitSuite(suite: Suite): number {
    if (this.#disposed) throw new Error('This EngineClient is disposed.');
    const id = ++this.#lastId;
    this.#latestSuiteId = id;
    this.#pendingSuite = { kind: 'suite', id, suite: $state.snapshot(suite) };
    this.#pump();
    this.#supersedeStaleRun('suite');
    this.#preemptTrace(true);
    this.#stopStaleSuiteForEvaluation();
    return id;
  }

  /**
   * Runs `request` in the sre interpreter (pyregex.trace) with `options`' step budgets, once the
   * engine is free and no evaluation or suite waits. Resolves with the outcome, or null when a
   * newer trace of the same channel superseded it, its signal aborted, or the client was disposed.
   * It runs under the same deadline as an evaluation (interrupt, or restart without isolation).
   */
  trace(request: EvaluateRequest, options: TraceOptions): Promise<TraceOutcome | null> {
    const plain = plainRequest(request);
    const budgets: TraceBudgets = {
      maxSteps: options.maxSteps,
      maxTraceSteps: options.maxTraceSteps,
    };
    return this.#analyse<EvaluateRequest, Trace>(
      plain,
      { ...options, channel: options.channel ?? 'trace' },
      {
        call: (api) =>
          api.trace(plain, budgets).then((answer: TraceAnswer) => ({
            result: traceOf(answer, plain),
            memoryBytes: answer.memoryBytes,
          })),
        isInterrupted,
      },
    );
  }

  /**
   * Asks whether `request`'s pattern can backtrack catastrophically (pyregex.redos), under the
   * same rules as `trace`: resolves with the outcome, or null when superseded in its channel
   * (default 'redos'), aborted, or the client was disposed. The request's own maxMs should stay
   * inside the deadline, so the analysis answers "unknown" rather than being stopped.
   */
  redos(request: RedosRequest, options: AnalysisOptions = {}): Promise<RedosOutcome | null> {
    const plain = $state.snapshot(request);
    return this.#analyse<RedosRequest, RedosAnswer>(
      plain,
      { ...options, channel: options.channel ?? 'redos' },
      {
        call: (api) => api.redos(plain).then((result) => ({ result, memoryBytes: null })),
        isInterrupted: isRedosInterrupted,
      },
    );
  }

  /** Queues one analysis (latest wins in its channel) and returns what it resolves to. */
  #analyse<Request, Result>(
    request: Request,
    options: AnalysisOptions & { channel: string },
    how: Pick<AnalysisSubmission<Request, Result>, 'call' | 'isInterrupted'>,
  ): Promise<AnalysisOutcome<Request, Result> | null> {
    const { signal, channel, background = false } = options;
    if (this.#disposed || signal?.aborted) return Promise.resolve(null);
    const id = ++this.#lastId;
    this.#latestTraces.set(channel, id);
    for (const older of this.#pendingTraces.filter((t) => t.channel === channel)) {
      this.#dropPendingTrace(older);
    }
    let resolve: (outcome: AnalysisOutcome<Request, Result> | null) => void = () => {};
    const answer = new Promise<AnalysisOutcome<Request, Result> | null>((settle) => {
      resolve = (outcome) => {
        resolve = () => {};
        settle(outcome);
      };
    });
    const submission: AnalysisSubmission<Request, Result> = {
      kind: 'analysis',
      id,
      request,
      channel,
      background,
      aborted: false,
      preempted: false,
      call: how.call,
      isInterrupted: how.isInterrupted,
      resolve: (outcome) => resolve(outcome),
    };
    signal?.addEventListener('abort', () => this.#abortTrace(submission), { once: true });
    this.#pendingTraces.push(submission);
    this.#pump();
    this.#supersedeStaleTrace(channel);
    if (!background) this.#preemptTrace(true);
    return answer;
  }

  /** Whether `trace` is still wanted: not aborted, the newest of its channel, client alive. */
  #wanted(trace: AnalysisSubmission): boolean {
    return !this.#disposed && !trace.aborted && this.#latestTraces.get(trace.channel) === trace.id;
  }

  #dropPendingTrace(trace: AnalysisSubmission): void {
    this.#pendingTraces = this.#pendingTraces.filter((t) => t !== trace);
    trace.resolve(null);
  }

  /** A trace's signal aborted: drop it if it waits, cut it short if it runs (isolated). */
  #abortTrace(trace: AnalysisSubmission): void {
    trace.aborted = true;
    if (this.#pendingTraces.includes(trace)) {
      this.#dropPendingTrace(trace);
      return;
    }
    const state = this.#state;
    if (this.#inFlight === trace && state.kind === 'running' && state.runId === trace.id) {
      this.#conn?.interrupt();
    }
  }

  /** A newer trace of `channel` waits while an older one of it runs: cut the old one short. */
  #supersedeStaleTrace(channel: string): void {
    const running = this.#inFlight;
    if (running?.kind !== 'analysis' || running.channel !== channel) return;
    this.#supersedeStaleRun('analysis');
  }

  /**
   * A run the user asked for waits while a trace runs: interrupt the trace now (isolated) and run
   * it again afterwards. An evaluation preempts any trace; a suite or a trace of the user's
   * preempts only a background one (`backgroundOnly`).
   */
  #preemptTrace(backgroundOnly: boolean): void {
    const running = this.#inFlight;
    const state = this.#state;
    if (running?.kind !== 'analysis' || !this.isolated) return;
    if (backgroundOnly && !running.background) return;
    if (state.kind !== 'running' || state.runId !== running.id) return;
    running.preempted = true;
    this.#conn?.interrupt();
  }

  /**
   * A running suite that a newer suite already replaces only holds up a waiting evaluation (a
   * pattern keystroke with a suite shown makes both): stop it now rather than after
   * SUPERSEDE_AFTER_MS. It answers with its cases skipped, which are never shown, as below.
   */
  #stopStaleSuiteForEvaluation(): void {
    const state = this.#state;
    if (!this.isolated || state.kind !== 'running' || this.#inFlight?.kind !== 'suite') return;
    if (this.#pending === null || this.#pendingSuite === null) return;
    this.#conn?.stopSuite();
  }

  /**
   * A newer request waits while a run of its kind is busy: cut that stale run short if it runs
   * long. A stale suite is stopped as a whole (its partial answer is stale too, so never shown).
   */
  #supersedeStaleRun(kind: Submission['kind']): void {
    const state = this.#state;
    if (state.kind !== 'running' || !this.isolated || this.#supersedeTimer !== null) return;
    if (this.#inFlight?.kind !== kind) return;
    const { runId } = state;
    const wait = Math.max(0, state.startedAt + SUPERSEDE_AFTER_MS - this.#now());
    this.#supersedeTimer = setTimeout(() => {
      this.#supersedeTimer = null;
      const now = this.#state;
      if (now.kind !== 'running' || now.runId !== runId) return;
      if (kind === 'evaluation' && this.#pending !== null) this.#conn?.interrupt();
      if (kind === 'suite' && this.#pendingSuite !== null) this.#conn?.stopSuite();
      const run = this.#inFlight;
      if (kind === 'analysis' && run?.kind === 'analysis' && !this.#wanted(run)) {
        this.#conn?.interrupt();
      }
    }, wait);
  }

  /** Stops the current run (the page's Stop button); no-op when nothing runs. */
  stop(): void {
    const state = this.#state;
    if (state.kind !== 'running') return;
    this.#dispatch({ type: 'stopRequested', runId: state.runId, isolated: this.isolated });
  }

  /** Tries starting the engine again after a failure. */
  retry(): void {
    this.#dispatch({ type: 'retry' });
  }

  /**
   * A plain-English explanation of `pattern`. Resolves to null when a newer `explain` call
   * superseded this one, or the client was disposed, before the engine answered.
   */
  explain(pattern: string, flags: string): Promise<Explanation | null> {
    const seq = ++this.#explainSeq;
    // Comlink's Remote splits a union result into a union of promises; name the union once.
    return this.#ask<Explanation>(
      () => seq === this.#explainSeq,
      (api) => api.explain(pattern, flags),
    );
  }

  /**
   * Runnable Python code for `request`. Resolves to null when a newer `toPython` call superseded
   * this one, or the client was disposed, before the engine answered.
   */
  toPython(request: EvaluateRequest): Promise<string | null> {
    const seq = ++this.#toPythonSeq;
    const plain = plainRequest(request);
    return this.#ask<string>(
      () => seq === this.#toPythonSeq,
      (api) => api.toPython(plain),
    );
  }

  /**
   * The source of a pytest file checking `suite`. Resolves to null when a newer `suiteToPytest`
   * call superseded this one, or the client was disposed, before the engine answered.
   */
  suiteToPytest(suite: Suite): Promise<string | null> {
    const seq = ++this.#pytestSeq;
    const plain = $state.snapshot(suite);
    return this.#ask<string>(
      () => seq === this.#pytestSeq,
      (api) => api.suiteToPytest(plain),
    );
  }

  /** Terminates the worker and stops everything; the client cannot be used afterwards. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#clearTimer();
    this.#pending = null;
    this.#pendingSuite = null;
    const traces = [...this.#pendingTraces];
    if (this.#inFlight?.kind === 'analysis') traces.push(this.#inFlight);
    this.#pendingTraces = [];
    this.#inFlight = null;
    for (const trace of traces) trace.resolve(null);
    this.#conn?.close();
    this.#conn = null;
    this.#flushReadyWaiters(null);
  }

  #dispatch(event: LifecycleEvent): void {
    if (this.#disposed) return;
    const previous = this.#state;
    const next = transition(previous, event);
    if (next === previous) return;
    this.#state = next;
    this.#onTransition?.(next, previous, event);
    this.#enter(previous, next);
  }

  /** The effects of entering `next`; the one place where the lifecycle touches the world. */
  #enter(previous: Lifecycle, next: Lifecycle): void {
    this.#clearTimer();
    switch (next.kind) {
      case 'loading':
        if (this.#conn?.attempt !== next.attempt) this.#connect(next.attempt);
        break;
      case 'ready':
        if (previous.kind === 'loading' || previous.kind === 'restarting') {
          this.#flushReadyWaiters(this.#conn);
        }
        this.#pump();
        break;
      case 'running': {
        const { runId } = next;
        const isolated = this.isolated;
        this.#timer = setTimeout(
          () => this.#dispatch({ type: 'deadlinePassed', runId, isolated }),
          this.#deadlineMs,
        );
        const run = this.#inFlight;
        if (run?.kind === 'suite' && run.id === runId && this.#conn !== null) {
          const { caseMs } = suiteLimits(this.#deadlineMs);
          this.#watchCases(this.#conn, caseMs, run.suite.tests.length);
        }
        break;
      }
      case 'interrupting':
        if (next.via === 'buffer') {
          // A suite stops as a whole and answers with the cases it did not reach skipped.
          if (this.#inFlight?.kind === 'suite' && this.#inFlight.id === next.runId) {
            this.#conn?.stopSuite();
          } else {
            this.#conn?.interrupt();
          }
          const { runId } = next;
          this.#timer = setTimeout(
            () => this.#dispatch({ type: 'interruptGraceExpired', runId }),
            this.#graceMs,
          );
        } else {
          this.#dispatch({ type: 'restart', reason: next.cause });
        }
        break;
      case 'restarting':
        if (
          (previous.kind === 'running' || previous.kind === 'interrupting') &&
          this.#inFlight?.id === previous.runId
        ) {
          const stopped = {
            kind: 'stopped',
            id: previous.runId,
            afterMs: this.#now() - previous.startedAt,
            how: 'restart',
            cause: next.reason,
          } as const;
          const run = this.#inFlight;
          if (run.kind === 'suite') this.#settleSuite({ ...stopped, suite: run.suite });
          else if (run.kind === 'analysis')
            this.#settleTrace(run, { ...stopped, request: run.request });
          else this.#settle({ ...stopped, request: run.request });
        }
        this.#connect(next.attempt);
        break;
      case 'failed':
        this.#conn?.close();
        this.#conn = null;
        break;
    }
  }

  /** Starts worker `attempt` (closing any previous one) and initialises it. */
  #connect(attempt: number): void {
    this.#conn?.close();
    this.#conn = null;
    let worker: EngineWorker;
    try {
      worker = this.#createWorker();
    } catch (error) {
      this.#dispatch({ type: 'loadFailed', attempt, error: messageOf(error), canRetry: true });
      return;
    }
    const buffer = this.isolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const progress = this.isolated
      ? new Int32Array(new SharedArrayBuffer(4 * SUITE_PROGRESS_SLOTS))
      : null;
    const mailbox = this.isolated ? createMailbox() : null;
    const conn: Connection = new Connection(attempt, worker, buffer, progress, mailbox, (message) =>
      this.#crashed(conn, message),
    );
    this.#conn = conn;
    const onProgress = (progress: LoadProgress): void => {
      if (conn === this.#conn) this.#dispatch({ type: 'progress', attempt, progress });
    };
    conn
      .call((api) =>
        api.init(
          {
            indexURL: this.#indexURL,
            wheelURL: this.#wheelURL,
            ...(this.#stdLibURL === undefined ? {} : { stdLibURL: this.#stdLibURL }),
            interruptBuffer: buffer,
            progressBuffer: progress,
            answerMailbox: mailbox,
          },
          proxy(onProgress),
        ),
      )
      .then(
        (info) => {
          if (conn !== this.#conn) return;
          this.#memoryBytes = info.memoryBytes ?? null;
          this.#dispatch({ type: 'loaded', attempt, info });
        },
        (error: unknown) => {
          if (conn !== this.#conn || error instanceof EngineGoneError) return;
          this.#dispatch({ type: 'loadFailed', attempt, error: messageOf(error), canRetry: true });
        },
      );
  }

  /**
   * Worker `conn` died or failed for good: restart it, saying so when memory ran out. A call's
   * failure says it by its name (EngineOutOfMemory); a worker's own crash report only in words.
   */
  #crashed(conn: Connection, message: string, outOfMemory = saysOutOfMemory(message)): void {
    if (conn === this.#conn) {
      this.#dispatch({ type: 'workerCrashed', attempt: conn.attempt, message, outOfMemory });
    }
  }

  /** A call rejected because the engine crashed or ran out of memory. */
  #callCrashed(conn: Connection, error: unknown): void {
    this.#crashed(conn, messageOf(error), isEngineOutOfMemory(error));
  }

  /**
   * Sends the newest pending request when the engine is free: an evaluation first (the test
   * string's result is what the user looks at first), then a suite, then a trace (the user's own
   * before the background ones).
   */
  #pump(): void {
    const conn = this.#conn;
    if (this.#state.kind !== 'ready' || conn === null || this.#inFlight !== null) return;
    if (this.#pending !== null) {
      const submission = this.#pending;
      this.#pending = null;
      this.#evaluate(conn, submission);
    } else if (this.#pendingSuite !== null) {
      const submission = this.#pendingSuite;
      this.#pendingSuite = null;
      this.#runSuite(conn, submission);
    } else if (this.#pendingTraces.length > 0) {
      // The user's own traces first, then the background ones, each in the order asked.
      const foreground = this.#pendingTraces.findIndex((trace) => !trace.background);
      const [trace] = this.#pendingTraces.splice(Math.max(foreground, 0), 1);
      this.#trace(conn, trace!);
    }
  }

  #trace(conn: Connection, submission: AnalysisSubmission): void {
    this.#inFlight = submission;
    this.#dispatch({ type: 'runStarted', runId: submission.id, at: this.#now() });
    conn
      .call((api) => submission.call(api))
      .then(
        ({ result, memoryBytes }) => {
          this.#traceAnswered(conn, submission, result);
          this.#releaseMemory(conn, memoryBytes);
        },
        (error: unknown) => this.#runFailed(conn, submission, error),
      );
  }

  /**
   * A trace answered. `Interrupted` after the page stopped it is a stop; after an evaluation
   * preempted it, the trace waits for its turn again (if it is still wanted).
   */
  #traceAnswered(conn: Connection, submission: AnalysisSubmission, result: unknown): void {
    const state = this.#state;
    if (conn !== this.#conn) return;
    if (state.kind !== 'running' && state.kind !== 'interrupting') return;
    if (state.runId !== submission.id) return;
    const interrupted = submission.isInterrupted(result);
    if (state.kind === 'interrupting' && interrupted) {
      this.#settleTrace(submission, {
        kind: 'stopped',
        id: submission.id,
        request: submission.request,
        afterMs: this.#now() - state.startedAt,
        how: 'interrupt',
        cause: state.cause,
      });
    } else if (submission.preempted && interrupted && this.#wanted(submission)) {
      if (this.#inFlight === submission) this.#inFlight = null;
      submission.preempted = false;
      this.#pendingTraces.unshift(submission);
    } else {
      this.#settleTrace(submission, {
        kind: 'done',
        id: submission.id,
        request: submission.request,
        result,
      });
    }
    this.#dispatch({ type: 'runFinished', runId: submission.id });
  }

  /** The trace is over: resolve it with `outcome`, or null if it is no longer wanted. */
  #settleTrace(submission: AnalysisSubmission, outcome: AnalysisOutcome<unknown, unknown>): void {
    if (this.#inFlight?.id === submission.id) this.#inFlight = null;
    submission.resolve(this.#wanted(submission) ? outcome : null);
  }

  #evaluate(conn: Connection, submission: EvaluationSubmission): void {
    this.#inFlight = submission;
    const sentAt = this.#now();
    this.#dispatch({ type: 'runStarted', runId: submission.id, at: sentAt });
    const ticket = conn.mailbox === null ? undefined : submission.id;
    // A worker's first evaluation runs cold (code compiled on first use): neither waited for nor
    // taken as a measure of the next.
    const first = conn.evaluations++ === 0;
    // The answer is applied once, by whichever comes first: the next frame, if it finds the answer
    // in the mailbox, or the posted answer.
    let applied = false;
    const apply = (result: Evaluation, memoryBytes: number | null): void => {
      if (applied) return;
      applied = true;
      this.#answered(conn, submission, result);
      this.#releaseMemory(conn, memoryBytes);
    };
    conn
      .call<EvaluateAnswer>((api) => api.evaluate(submission.request, ticket))
      .then(
        (answer) => {
          if (!first) this.#learnRunTime(conn, submission.id);
          if (applied) return;
          // Reading the packed matches can fail only on a malformed answer: a failed run, then.
          let result: Evaluation;
          try {
            result = evaluationOf(answer, submission.request);
          } catch (error) {
            this.#runFailed(conn, submission, error);
            return;
          }
          apply(result, answer.memoryBytes);
        },
        (error: unknown) => {
          if (!applied) this.#runFailed(conn, submission, error);
        },
      );
    if (!first) this.#readInFrame(conn, submission, sentAt, () => applied, apply);
  }

  /**
   * Asks the next frame, the one that draws the keystroke which sent `submission`, to take its
   * answer from the answer mailbox (answerMailbox.ts) and apply it, waiting for it up to
   * earlyWaitMs after `sentAt` if it is not there yet: the keystroke and its result are then drawn
   * together, instead of the answer's message landing after that frame and the result one or two
   * frames later. In the frame, not at once: an editor given new highlights while it has not yet
   * read the browser's last DOM edit drops that edit (CodeMirror redraws from its state); by the
   * frame, every edit is read. Whether to wait follows the engine's recent run times (their median,
   * so one slow run, a garbage collection say, does not stop the next wait). Nothing happens when
   * the answer was applied already, or another run took the worker's turn.
   */
  #readInFrame(
    conn: Connection,
    submission: EvaluationSubmission,
    sentAt: number,
    isApplied: () => boolean,
    apply: (result: Evaluation, memoryBytes: number | null) => void,
  ): void {
    const mailbox = conn.mailbox;
    const waitMs = earlyWaitMs(median(this.#recentRunMs));
    if (mailbox === null || this.#nextFrame === null || waitMs === null) return;
    this.#nextFrame(() => {
      if (isApplied() || conn !== this.#conn || this.#inFlight !== submission) return;
      const budget = Math.max(0, sentAt + waitMs - this.#now());
      const early = readEarly(mailbox, submission, budget, this.#now);
      if (early !== null) apply(early.result, early.memoryBytes);
    });
  }

  /** How long evaluation `id` took the engine (the mailbox says, if it has it): kept for the next. */
  #learnRunTime(conn: Connection, id: number): void {
    const runMs = conn.mailbox === null ? null : runMsOf(conn.mailbox, id);
    if (runMs === null) return;
    this.#recentRunMs.push(runMs);
    if (this.#recentRunMs.length > RUN_TIMES_KEPT) this.#recentRunMs.shift();
  }

  #runSuite(conn: Connection, submission: SuiteSubmission): void {
    const request: RunSuiteRequest = {
      suite: submission.suite,
      ...suiteLimits(this.#deadlineMs),
    };
    conn.resetProgress();
    this.#inFlight = submission;
    this.#dispatch({ type: 'runStarted', runId: submission.id, at: this.#now() });
    conn
      .call<SuiteResult>((api) => api.runSuite(request))
      .then(
        (result) => this.#suiteAnswered(conn, submission, result),
        (error: unknown) => this.#runFailed(conn, submission, error),
      );
  }

  /**
   * The per-case time limit of a running suite (isolated pages only): when the case that slot 0
   * names has been running for `caseMs`, interrupt it once. The engine marks it `timeout` and goes
   * on with the next case; the stop slot stays 0, so the suite is not stopped. An interrupt that
   * lands just after that case ended hits the next one early, which the engine takes as meant for
   * the case before and runs again. The engine names case `caseCount` + 1 once every verdict is
   * in (it is encoding the answer then): that is no case, and is never interrupted. Without
   * isolation there is no buffer to read or write: a runaway case keeps the whole suite busy
   * until the deadline restarts the worker.
   */
  #watchCases(conn: Connection, caseMs: number, caseCount: number): void {
    if (conn.runningCase() === null) return;
    let seen = 0;
    let since = this.#now();
    let interrupted = 0;
    this.#caseWatch = setInterval(() => {
      const running = conn.runningCase() ?? 0;
      const now = this.#now();
      if (running !== seen) {
        seen = running;
        since = now;
      } else if (
        running !== 0 &&
        running <= caseCount &&
        running !== interrupted &&
        now - since >= caseMs
      ) {
        interrupted = running;
        conn.interrupt();
      }
    }, CASE_WATCH_INTERVAL_MS);
  }

  /**
   * A run that left the engine holding more than the memory limit (a result of gigabytes, say):
   * its result is shown, then the worker is replaced, since WebAssembly memory never shrinks.
   */
  #releaseMemory(conn: Connection, memoryBytes: number | null): void {
    if (conn === this.#conn && memoryBytes !== null) this.#memoryBytes = memoryBytes;
    if (conn !== this.#conn || memoryBytes === null || memoryBytes <= this.#memoryLimitBytes)
      return;
    if (this.#state.kind !== 'ready') return;
    this.#dispatch({
      type: 'restart',
      reason: 'memory',
      detail: `The last run grew the engine's memory to ${formatBytes(memoryBytes)}, which it cannot give back.`,
    });
  }

  #answered(conn: Connection, submission: EvaluationSubmission, result: Evaluation): void {
    const state = this.#state;
    if (conn !== this.#conn) return;
    if (state.kind !== 'running' && state.kind !== 'interrupting') return;
    if (state.runId !== submission.id) return;
    if (state.kind === 'interrupting' && isInterrupted(result)) {
      this.#settle({
        kind: 'stopped',
        id: submission.id,
        request: submission.request,
        afterMs: this.#now() - state.startedAt,
        how: 'interrupt',
        cause: state.cause,
      });
    } else {
      this.#settle({ kind: 'done', id: submission.id, request: submission.request, result });
    }
    this.#dispatch({ type: 'runFinished', runId: submission.id });
  }

  /**
   * A suite answered. A suite stopped as a whole still answers with verdicts (the cases not reached
   * `skipped`): that is its result. Only an answer that is itself an interruption (none of its
   * cases ran) after the page stopped it counts as stopped.
   */
  #suiteAnswered(conn: Connection, submission: SuiteSubmission, result: SuiteResult): void {
    const state = this.#state;
    if (conn !== this.#conn) return;
    if (state.kind !== 'running' && state.kind !== 'interrupting') return;
    if (state.runId !== submission.id) return;
    if (state.kind === 'interrupting' && isSuiteInterrupted(result)) {
      this.#settleSuite({
        kind: 'stopped',
        id: submission.id,
        suite: submission.suite,
        afterMs: this.#now() - state.startedAt,
        how: 'interrupt',
        cause: state.cause,
      });
    } else {
      this.#settleSuite({ kind: 'done', id: submission.id, suite: submission.suite, result });
    }
    this.#dispatch({ type: 'runFinished', runId: submission.id });
  }

  #runFailed(conn: Connection, submission: Submission, error: unknown): void {
    if (conn !== this.#conn || error instanceof EngineGoneError) return;
    if (isCrash(error)) {
      this.#callCrashed(conn, error);
      return;
    }
    const failed = { kind: 'engineError', id: submission.id, message: messageOf(error) } as const;
    if (submission.kind === 'suite') this.#settleSuite({ ...failed, suite: submission.suite });
    else if (submission.kind === 'analysis') {
      this.#settleTrace(submission, { ...failed, request: submission.request });
    } else this.#settle({ ...failed, request: submission.request });
    this.#dispatch({ type: 'runFinished', runId: submission.id });
  }

  /** The run is over: publish its outcome unless a newer request exists (then it is stale). */
  #settle(outcome: RunOutcome): void {
    if (this.#inFlight?.id === outcome.id) this.#inFlight = null;
    if (outcome.id !== this.#latestId) return;
    this.#result = outcome;
    // User Timing, once per published outcome: `npm run bench` times keystroke → result painted.
    const { pattern, flags, op } = outcome.request;
    performance.mark('pyregex:result-applied', { detail: { pattern, flags, op } });
  }

  /** The suite run is over: publish its outcome unless a newer suite exists (then it is stale). */
  #settleSuite(outcome: SuiteOutcome): void {
    if (this.#inFlight?.id === outcome.id) this.#inFlight = null;
    if (outcome.id !== this.#latestSuiteId) return;
    this.#suiteResult = outcome;
    // User Timing, as for results: `npm run bench` times keystroke → every verdict painted.
    const { pattern, flags = '', op, tests } = outcome.suite;
    performance.mark('pyregex:suite-applied', {
      detail: { pattern, flags, op, cases: tests.length },
    });
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#supersedeTimer !== null) clearTimeout(this.#supersedeTimer);
    this.#supersedeTimer = null;
    if (this.#caseWatch !== null) clearInterval(this.#caseWatch);
    this.#caseWatch = null;
  }

  /** The current connection once its worker is initialised, or null if the client is disposed. */
  #whenReady(): Promise<Connection | null> {
    if (this.#disposed) return Promise.resolve(null);
    if (this.#conn !== null && lifecycleInfo(this.#state) !== null) {
      return Promise.resolve(this.#conn);
    }
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }

  /** Whether an evaluation is waiting to be sent or running in the worker. */
  #evaluating(): boolean {
    return this.#pending !== null || this.#inFlight?.kind === 'evaluation';
  }

  /**
   * Resolves once no evaluation is waiting or in the worker, and then the next frame has come (if
   * frames are known): the side calls go after the result they accompany is drawn.
   */
  async #afterEvaluations(): Promise<void> {
    while (this.#evaluating() && !this.#disposed) {
      await new Promise<void>((resolve) => this.#sideCallWaiters.push(resolve));
    }
    const nextFrame = this.#nextFrame;
    if (nextFrame !== null && !this.#disposed) {
      // A hidden tab draws no frame: then they go after SIDE_CALL_FRAME_WAIT_MS.
      await new Promise<void>((resolve) => {
        nextFrame(resolve);
        setTimeout(resolve, SIDE_CALL_FRAME_WAIT_MS);
      });
    }
  }

  /** Lets the waiting side calls look again (the runs changed, or the client was disposed). */
  #wakeSideCalls(): void {
    if (this.#sideCallWaiters.length === 0) return;
    if (this.#evaluating() && !this.#disposed) return;
    const waiters = this.#sideCallWaiters;
    this.#sideCallWaiters = [];
    for (const resolve of waiters) resolve();
  }

  #flushReadyWaiters(conn: Connection | null): void {
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const resolve of waiters) resolve(conn);
  }

  /**
   * A latest-wins call: waits for an initialised engine, asks, and answers null once `isCurrent`
   * turns false. A worker restarted under it (a runaway evaluation) is asked again; a crash is not.
   */
  async #ask<T>(
    isCurrent: () => boolean,
    invoke: (api: Remote<EngineApi>) => Promise<T>,
  ): Promise<T | null> {
    this.#asking++;
    try {
      return await this.#askUntilAnswered(isCurrent, invoke);
    } finally {
      this.#asking--;
    }
  }

  async #askUntilAnswered<T>(
    isCurrent: () => boolean,
    invoke: (api: Remote<EngineApi>) => Promise<T>,
  ): Promise<T | null> {
    while (isCurrent()) {
      await this.#afterEvaluations();
      const conn = await this.#whenReady();
      if (conn === null || !isCurrent()) return null;
      try {
        const value = await conn.call(invoke);
        return isCurrent() ? value : null;
      } catch (error) {
        if (error instanceof EngineGoneError) continue;
        if (isCrash(error)) {
          this.#callCrashed(conn, error);
          return null;
        }
        throw error;
      }
    }
    return null;
  }
}
