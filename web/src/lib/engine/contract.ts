/**
 * The one contract at the worker boundary: every type that crosses between the page and the engine
 * worker, and the API the worker exposes through Comlink (`expose(api satisfies EngineApi)` in the
 * worker, `wrap<EngineApi>()` in the client).
 *
 * The data shapes come from the Python core, which is the source of truth: `contract.generated.ts`
 * is generated from `python -m pyregex --schema` (never edit it by hand; `npm run contract` rewrites
 * it and a test fails when it is stale). JSON keys are camelCase on both sides.
 */
import type {
  ErrorResult,
  EvaluateRequest,
  ExplainResult,
  PackedEvaluation,
  PackedMatches,
  RedosRequest,
  RedosResult,
  RunSuiteRequest,
  Suite,
  SuiteResult,
} from './contract.generated';
import type { PackedTraceResult, TraceBudgets } from './trace';

export type * from './contract.generated';
// The step debugger's shapes (issue 16), hand-written until the core generates them.
export type * from './trace';

/** One step of loading the engine: which file, and how many bytes of it so far. */
export interface LoadProgress {
  /** A human name for what is loading, e.g. "Python runtime" or "pyregex package". */
  label: string;
  /** The file's name as fetched, e.g. "pyodide.asm.wasm". */
  file: string;
  loaded: number;
  /** Total bytes, or null when the server did not say. */
  total: number | null;
}

/** What the worker needs to start: where its files are, and the shared buffers if isolated. */
export interface EngineInitOptions {
  /** Absolute URL of the folder holding Pyodide's runtime files (ends with '/'). */
  indexURL: string;
  /** Absolute URL of the pyregex wheel to install (a zip, or a `.gz` file of one). */
  wheelURL: string;
  /**
   * Absolute URL of the standard library (a zip, or a `.gz` file of one). Default: Pyodide's own
   * `python_stdlib.zip` in `indexURL`.
   */
  stdLibURL?: string;
  /**
   * An Int32Array over a SharedArrayBuffer (cross-origin isolated pages only). Writing 2 into
   * element 0 raises KeyboardInterrupt inside the running Python code. Null without isolation.
   */
  interruptBuffer: Int32Array | null;
  /**
   * A second Int32Array over its own SharedArrayBuffer, of two slots, for test suites (cross-origin
   * isolated pages only; null without isolation). See SUITE_PROGRESS for the protocol.
   */
  progressBuffer: Int32Array | null;
  /**
   * A SharedArrayBuffer of MAILBOX_BYTES into which the engine also writes each evaluation's answer
   * (cross-origin isolated pages only; absent or null without isolation). See answerMailbox.ts.
   */
  answerMailbox?: SharedArrayBuffer | null;
}

/**
 * The slots of `EngineInitOptions.progressBuffer`, through which the page follows a running suite
 * and stops it without a round trip (the worker is busy inside Python while a suite runs, so no
 * message could reach it).
 *
 * - `case` (slot 0): index + 1 of the case now running, 0 before the first. The engine writes it
 *   before each case, and again when a case was interrupted. The page's watchdog reads it: when the
 *   same case has run for the suite's `caseMs`, the page writes 2 into the interrupt buffer; the
 *   engine then marks that case `timeout` and goes on with the next one.
 * - `stop` (slot 1): the page writes 1 when the whole suite must stop (its deadline, a newer suite,
 *   the Stop button), then writes 2 into the interrupt buffer. The engine checks it before each case
 *   and after an interrupt; when it is 1 the case running and every later one are `skipped`, and the
 *   engine answers at once with that (partial) SuiteResult.
 *
 * The engine sets both slots to 0 at the start of every runSuite, as it clears the interrupt buffer
 * before every call, so nothing written for an earlier run reaches the next one.
 */
export const SUITE_PROGRESS = { case: 0, stop: 1 } as const;

/** How many int32 slots `progressBuffer` holds. */
export const SUITE_PROGRESS_SLOTS = 2;

/** Versions of the engine that answered, shown on the page. */
export interface EngineInfo {
  /** sys.version of the interpreter, e.g. "3.14.2 (main, ...)". */
  python: string;
  /** The Pyodide runtime version, e.g. "314.0.7". */
  pyodide: string;
  /** pyregex.__version__. */
  pyregex: string;
  /** How this engine booted (see engineSnapshot.ts). */
  boot: EngineBoot;
  /** The runtime's key in runtimes.json, e.g. "3.12" (set by its worker entry). */
  runtime?: string;
  /** The interpreter's WebAssembly memory right after booting, in bytes (null: unknown). */
  memoryBytes?: number | null;
  /** The worker's own script URL (its hashed bundle), which the service worker may keep (sw.ts). */
  workerScript?: string;
}

/** Whether the engine restored a saved memory snapshot or booted afresh, and why afresh. */
export interface EngineBoot {
  from: 'snapshot' | 'fresh';
  /** Why a saved snapshot could not be used (it was dropped), or null. */
  problem: string | null;
  /**
   * False when this runtime's Pyodide cannot take memory snapshots at all (e.g. 0.25, CPython
   * 3.11): every boot of it is a fresh one. Absent or true: it can.
   */
  snapshots?: boolean;
}

/**
 * The API the engine worker exposes. Every method but `init` requires a finished `init`.
 * A method rejects with an Error named "EngineCrashed" when the runtime hit a fatal error and can
 * no longer be used, or "EngineOutOfMemory" when it ran out of memory (see outOfMemory.ts); the
 * client then restarts the worker.
 */
export interface EngineApi {
  init(
    options: EngineInitOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<EngineInfo>;
  /**
   * With a `ticket` (a positive integer, unique per engine) and an answer mailbox, the answer is
   * also put in the mailbox under that ticket before it is returned (answerMailbox.ts).
   */
  evaluate(request: EvaluateRequest, ticket?: number): Promise<EvaluateAnswer>;
  explain(pattern: string, flags: string): Promise<ExplainResult>;
  toPython(request: EvaluateRequest): Promise<string>;
  /**
   * Runs every case of `request.suite` and answers with the verdicts (never rejects for a bad
   * pattern or suite: those come back in `SuiteResult.error`). With a progress buffer the run can
   * be followed and stopped as SUITE_PROGRESS says; a case the page interrupts after
   * `request.caseMs` is `timeout`, and cases not reached within `request.suiteMs` are `skipped`.
   */
  runSuite(request: RunSuiteRequest): Promise<SuiteResult>;
  /** The source of a pytest file that checks `suite` (one test per case). */
  suiteToPytest(suite: Suite): Promise<string>;
  /**
   * Runs `request` in the interpreter of CPython's sre virtual machine (pyregex.trace): the same
   * matches evaluate finds, with the steps it took, and the first `budgets.maxTraceSteps` steps
   * packed beside the JSON. An interrupt answers the `Interrupted` error, as evaluate does.
   */
  trace(request: EvaluateRequest, budgets: TraceBudgets): Promise<TraceAnswer>;
  /**
   * Whether `request.pattern` can backtrack catastrophically (pyregex.redos), within the request's
   * own maxSteps and maxMs. A bad request answers the RequestError result, an interrupt the
   * `Interrupted` one.
   */
  redos(request: RedosRequest): Promise<RedosResult | ErrorResult>;
}

/**
 * What the worker answers for `evaluate`: the result as JSON (its `matches` list left empty) and
 * the matches packed into int32s beside it, laid out as `evaluation.packed` says (see
 * py/pyregex/packed.py). The buffer is transferred, not copied; matchTable.ts reads it.
 */
export interface EvaluateAnswer {
  evaluation: PackedEvaluation;
  /** The packed matches (zero bytes for an error result). */
  data: ArrayBuffer;
  /**
   * The engine's WebAssembly memory after the run, in bytes, or null if unknown. It never shrinks,
   * so the client restarts an engine that a run left holding too much.
   */
  memoryBytes: number | null;
}

/**
 * What the worker answers for `trace`: the result as JSON (its `trace` list left empty) and the
 * steps packed into int32s beside it, laid out as `result.packedSteps` says. The buffer is
 * transferred, not copied; traceSteps.ts reads it.
 */
export interface TraceAnswer {
  result: PackedTraceResult;
  /** The packed steps (zero bytes when there are none). */
  data: ArrayBuffer;
  /**
   * A success's matches packed as an evaluation's are (MatchTable.pack), its `matches` list then
   * left empty: the interpreter gives them as objects, and thousands of objects cost the page tens
   * of milliseconds to receive. Absent when the result has none to pack.
   */
  packedMatches?: {
    layout: PackedMatches;
    data: ArrayBuffer;
    groupNames: Record<string, number>;
  };
  /** The engine's WebAssembly memory after the run, in bytes, or null if unknown. */
  memoryBytes: number | null;
}

/** Posted by the worker outside any call (e.g. an uncaught error) so the client can restart it. */
export interface EngineCrashMessage {
  type: 'pyregex:crash';
  message: string;
}

/** Posted by the worker as init begins, so the page knows the boot is under way. */
export interface EngineBootingMessage {
  type: 'pyregex:booting';
}
