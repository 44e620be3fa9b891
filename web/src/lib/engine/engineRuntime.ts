/**
 * The engine itself: boots Pyodide with the pyregex wheel (restoring a memory snapshot when one is
 * saved, see engineSnapshot.ts) and answers the EngineApi by calling into Python with one JSON
 * string in and one JSON string out (evaluate and trace also hand back packed bytes). `loadPyodide` is a parameter, so the
 * same code runs in the browser worker and in Node under Vitest against the npm `pyodide`, and
 * serves every runtime the page ships (runtimes.json: Pyodide 0.25 to 315): what differs between
 * their APIs is detected (memory snapshots), never inferred from a version string.
 * It must never touch the DOM or Comlink, and never let a Python proxy escape to its caller.
 */
import type { PyodideInterface } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type {
  EngineApi,
  EngineBoot,
  EngineInfo,
  EngineInitOptions,
  EvaluateAnswer,
  EvaluateRequest,
  ExplainResult,
  LoadProgress,
  PackedEvaluation,
  RunSuiteRequest,
  Suite,
  SuiteResult,
  TraceAnswer,
  TraceBudgets,
  PackedTraceResult,
  RedosRequest,
  RedosResult,
  ErrorResult,
} from './contract';
import { SUITE_PROGRESS } from './contract';
import { postAnswer } from './answerMailbox';
import { progressFetch } from './downloadProgress';
import { gunzipping } from './gzippedArchives';
import { cachedFirst, type CachedFile } from './cachedEngineFiles';
import { SnapshotCutShort, type SnapshotStore } from './engineSnapshot';
import { engineOutOfMemory, isOutOfMemoryFailure, saysOutOfMemory } from './outOfMemory';
import { MatchTable } from './matchTable';

/**
 * What the engine passes to `loadPyodide`: the options every shipped release reads alike. Older
 * releases ignore those they do not know (0.25 has no packageBaseUrl and no snapshots).
 */
export interface LoadPyodideConfig {
  indexURL: string;
  stdLibURL?: string;
  packageBaseUrl?: string;
  _makeSnapshot?: boolean;
  _loadSnapshot?: Uint8Array | Promise<Uint8Array>;
}

/**
 * Any shipped release's `loadPyodide` (each worker entry passes its own package's, cast to this:
 * their declared types differ in details the engine never uses). The interface it resolves to is
 * typed as the default release's; what older ones lack is detected before use.
 */
export type LoadPyodideFn = (config: LoadPyodideConfig) => Promise<PyodideInterface>;

/** Whether this interpreter can take a memory snapshot (Pyodide 0.27 on; 0.25 cannot). */
function canSnapshot(py: PyodideInterface): boolean {
  return typeof (py as Partial<PyodideInterface>).makeMemorySnapshot === 'function';
}

/**
 * The Python side of the bridge (pyregex.bridge), run once after pyregex is installed. Every
 * function takes a str of JSON and returns one, so nothing but strings crosses the FFI; evaluate
 * also returns the packed matches as bytes (a tuple), copied out and released at once, and
 * run_suite also takes a JS function (see `shouldStop` below).
 */
const BRIDGE = `
from pyregex.bridge import evaluate_json as evaluate
from pyregex.bridge import explain_json as explain
from pyregex.bridge import info_json as info
from pyregex.bridge import to_python_json as to_python
from pyregex.bridge import run_suite_json as run_suite
from pyregex.bridge import suite_to_pytest_json as suite_to_pytest
from pyregex.bridge import trace_json as trace
from pyregex.bridge import redos_json as redos
`;

type BridgeFn = (json?: string) => string;

/** evaluate's and trace's (JSON, packed bytes) tuple, as Pyodide hands a Python tuple over. */
type PackedOut = PyProxy & { toJs(): [string, Uint8Array] };

/** Called by run_suite before each case and after an interrupt in one: true stops the suite. */
type ShouldStop = (index: number) => boolean;

interface Bridge {
  info: BridgeFn;
  evaluate: (json: string) => PackedOut;
  explain: BridgeFn;
  toPython: BridgeFn;
  runSuite: (json: string, shouldStop?: ShouldStop) => string;
  suiteToPytest: BridgeFn;
  trace: (json: string) => PackedOut;
  redos: BridgeFn;
}

/** Pyodide marks the error it throws after a fatal failure (the runtime is unusable from then on). */
interface MaybeFatal {
  pyodide_fatal_error?: boolean;
}

/** The part of Pyodide's internal API that holds the WebAssembly memory. */
interface PyodideHeap {
  _module?: { HEAPU8?: Uint8Array };
}

/** The part of Pyodide's internal API that tells us about a fatal error as it happens. */
interface PyodideInternals {
  _api?: { on_fatal?: (error: unknown) => void };
}

/** The error for every call once Pyodide failed fatally: out of memory, or crashed otherwise. */
function unusable(cause: unknown): Error {
  return saysOutOfMemory(describe(cause) ?? '') ? engineOutOfMemory(cause) : engineCrashed(cause);
}

function engineCrashed(cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const error = new Error(`The Python engine crashed and must be restarted: ${detail}`, { cause });
  error.name = 'EngineCrashed';
  return error;
}

/** A Comlink-proxied callback returns a promise that may reject once the page let go of it. */
function quietly(onProgress: (progress: LoadProgress) => void): (progress: LoadProgress) => void {
  return (progress) => {
    try {
      void Promise.resolve(onProgress(progress)).catch(() => {});
    } catch {
      // Progress is informative only; losing a report must never fail the load.
    }
  };
}

/**
 * The wheel is a zip of pure-Python modules: it goes onto sys.path as it is (zipimport), with no
 * installation step. Pyodide's loadPackage would install it, but it records the package in state
 * that a memory snapshot cannot hold.
 */
const WHEEL_PATH = '/lib/pyregex.whl';
const INSTALL = `import sys\nsys.path.insert(0, ${JSON.stringify(WHEEL_PATH)})\nimport pyregex.bridge`;
/**
 * What pyregex.bridge leaves to its first use (bridge.DEFERRED_MODULES): the engine imports it
 * once its first call is answered (finishBoot), and a snapshot holds it.
 */
const DEFERRED_IMPORT = 'import pyregex.bridge\npyregex.bridge.import_deferred()';
/** After a restore: pyregex must import from the snapshot's modules and the wheel put back. */
const VERIFY = `import pyregex.bridge, pyregex.codegen, pyregex.explain\n${DEFERRED_IMPORT}`;

/** The bridge's functions, from their own namespace (not the interpreter's __main__). */
function connectBridge(py: PyodideInterface): Bridge {
  const namespace: PyProxy = py.toPy({});
  try {
    py.runPython(BRIDGE, { globals: namespace });
    const get = (name: string): BridgeFn => namespace.get(name) as BridgeFn;
    return {
      info: get('info'),
      evaluate: namespace.get('evaluate') as Bridge['evaluate'],
      explain: get('explain'),
      toPython: get('to_python'),
      runSuite: namespace.get('run_suite') as Bridge['runSuite'],
      suiteToPytest: get('suite_to_pytest'),
      trace: namespace.get('trace') as Bridge['trace'],
      redos: get('redos'),
    };
  } finally {
    // The bridge functions keep what they need alive; the namespace proxy itself can go.
    namespace.destroy();
  }
}

/** A booted engine: the interpreter, its bridge, its versions and how it booted. */
interface Booted {
  py: PyodideInterface;
  bridge: Bridge;
  versions: { python: string; pyregex: string };
  boot: EngineBoot;
}

/** Connects the bridge and asks for the versions: the first real calls into the interpreter. */
function ready(py: PyodideInterface, boot: EngineBoot): Booted {
  const bridge = connectBridge(py);
  const versions = JSON.parse(bridge.info()) as Booted['versions'];
  return { py, bridge, versions, boot };
}

async function fetchWheel(fetchWithProgress: typeof fetch, url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchWithProgress(url);
  } catch (error) {
    throw new Error(`Could not install pyregex from ${url}: ${describe(error)}`, { cause: error });
  }
  if (!response.ok) {
    throw new Error(
      `Could not install pyregex from ${url}: HTTP ${response.status} ${response.statusText}`.trim(),
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

function describe(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  return error instanceof Error ? error.message : String(error);
}

export interface EngineRuntimeOptions {
  /** Where the memory snapshot is kept between boots; null boots afresh every time. */
  snapshots?: SnapshotStore | null;
  /** The runtime's key in runtimes.json (e.g. "3.12"), reported in EngineInfo. */
  runtime?: string;
  /** How long after a fresh boot's first call the rest of the boot waits (finishBoot). */
  finishBootAfterMs?: number;
  /**
   * Where the runtime in a given folder finds its files already cached (cachedEngineFiles.ts): in
   * a browser, the service worker's caches. None: every file is fetched.
   */
  cachedFiles?: ((indexURL: string) => CachedFile) | null;
}

/**
 * What a fresh boot leaves until after its first call (finishBoot) waits this long after that
 * call: on a first visit the page then draws its first result, and the engine answers the
 * explanation and the code snippet asked for with it, without the deferred imports and the 31 MB
 * snapshot (about 65 ms of the worker) competing with them for the machine's cores.
 */
const FINISH_BOOT_AFTER_MS = 1000;

export function createEngineRuntime(
  loadPyodide: LoadPyodideFn,
  {
    snapshots = null,
    runtime,
    finishBootAfterMs = FINISH_BOOT_AFTER_MS,
    cachedFiles = null,
  }: EngineRuntimeOptions = {},
): EngineApi {
  let bridge: Bridge | null = null;
  let pyodide: PyodideInterface | null = null;
  let interruptBuffer: Int32Array | null = null;
  let progressBuffer: Int32Array | null = null;
  let answerMailbox: SharedArrayBuffer | null = null;
  let fatal: unknown = null;
  let initStarted = false;
  /** What is left of a fresh boot until its first call (finishBoot); null: nothing. */
  let bootLeft: { snapshot: boolean } | null = null;

  /** Runs one bridge call: fresh interrupt state, fatal errors named. */
  function callRaw<T>(run: (bridge: Bridge) => T): T {
    if (bridge === null) throw new Error('The engine is not initialised: call init() first.');
    if (fatal !== null) throw unusable(fatal);
    // A stale 2 from an interrupt that arrived after the last run ended must not hit this one.
    if (interruptBuffer !== null) Atomics.store(interruptBuffer, 0, 0);
    if (bootLeft !== null) {
      const left = bootLeft;
      bootLeft = null;
      setTimeout(() => finishBoot(left), finishBootAfterMs); // after this call's answer is sent
    }
    try {
      return run(bridge);
    } catch (error) {
      if (fatal !== null || (error as MaybeFatal | null)?.pyodide_fatal_error) {
        throw unusable(fatal ?? error);
      }
      // A MemoryError outside the op (encoding a huge answer) or JavaScript failing to hold the
      // answer: the interpreter lives on, but holds memory it cannot give back.
      if (isOutOfMemoryFailure(error)) throw engineOutOfMemory(error);
      throw error;
    }
  }

  /**
   * The rest of a fresh boot, done a while after the page has its first answer (a first visit's
   * first result waits for neither, FINISH_BOOT_AFTER_MS): the modules pyregex.bridge leaves to
   * their first use, then the memory snapshot for the next visit, which therefore holds them too.
   * Taken after the first calls, the snapshot also holds their traces (compiled patterns in the
   * cache), which change nothing a later call gives.
   */
  function finishBoot(left: { snapshot: boolean }): void {
    if (pyodide === null || fatal !== null) return;
    if (interruptBuffer !== null) Atomics.store(interruptBuffer, 0, 0); // as callRaw does
    try {
      pyodide.runPython(DEFERRED_IMPORT);
    } catch {
      // Their first use imports them again, and says what fails.
    }
    if (!left.snapshot || snapshots === null) return;
    try {
      void snapshots.save(pyodide.makeMemorySnapshot()).catch(() => {});
    } catch {
      // No snapshot this time; the next visit boots afresh too.
    }
  }

  /** The interpreter's WebAssembly memory now, in bytes (it grows and never shrinks). */
  function memoryBytes(): number | null {
    const heap = (pyodide as unknown as PyodideHeap | null)?._module?.HEAPU8;
    return heap ? heap.byteLength : null;
  }

  /** A bridge call with JSON in (if any) and JSON out. */
  function call(pick: (bridge: Bridge) => BridgeFn, json?: string): unknown {
    const out = callRaw((b) => (json === undefined ? pick(b)() : pick(b)(json)));
    return JSON.parse(out);
  }

  /** A bridge call answering (JSON, bytes): both copied out of Python's heap, the proxy released. */
  function callPacked(
    pick: (bridge: Bridge) => (json: string) => PackedOut,
    json: string,
  ): { json: string; data: ArrayBuffer } {
    const [out, bytes] = callRaw((b) => {
      const answer = pick(b)(json);
      try {
        return answer.toJs();
      } finally {
        answer.destroy();
      }
    });
    // toJs copied the bytes into a Uint8Array of their own; hand its buffer over whole.
    const data =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : bytes.slice().buffer;
    return { json: out, data };
  }

  /**
   * evaluate: the JSON result and the packed matches, also put in the answer mailbox under
   * `ticket` when the page gave both (answerMailbox.ts).
   */
  function evaluatePacked(request: EvaluateRequest, ticket: number | undefined): EvaluateAnswer {
    const started = performance.now();
    const { json, data } = callPacked((b) => b.evaluate, JSON.stringify(request));
    const memory = memoryBytes();
    if (answerMailbox !== null && ticket !== undefined) {
      postAnswer(
        answerMailbox,
        ticket,
        { json, data, memoryBytes: memory },
        performance.now() - started,
      );
    }
    const evaluation = JSON.parse(json) as PackedEvaluation;
    return { evaluation, data, memoryBytes: memory };
  }

  /** trace: the JSON result and the packed steps (the request carries the two budgets). */
  function tracePacked(request: EvaluateRequest, budgets: TraceBudgets): TraceAnswer {
    const { json, data } = callPacked(
      (b) => b.trace,
      JSON.stringify({
        ...request,
        maxSteps: budgets.maxSteps,
        maxTraceSteps: budgets.maxTraceSteps,
      }),
    );
    const result = JSON.parse(json) as PackedTraceResult;
    const answer: TraceAnswer = { result, data, memoryBytes: memoryBytes() };
    if (result.ok && result.supported && result.matches !== null && result.matches.length > 0) {
      answer.packedMatches = MatchTable.pack(result.matches);
      result.matches = [];
    }
    return answer;
  }

  /**
   * Python's should_stop for a suite run with a progress buffer (SUITE_PROGRESS in contract.ts):
   * it records the case about to run, or just interrupted, and reads whether the page stopped the
   * suite. Pyodide wraps it in a JsProxy for the length of the call, which Python releases when
   * run_suite returns (the runtime test counts the JS references held for Python to prove it), so
   * the runtime has nothing to destroy. Two atomic operations per case keep it cheap.
   */
  function shouldStop(progress: Int32Array): ShouldStop {
    return (index) => {
      Atomics.store(progress, SUITE_PROGRESS.case, index + 1);
      return Atomics.load(progress, SUITE_PROGRESS.stop) === 1;
    };
  }

  /**
   * runSuite: without a progress buffer (no isolation) Python gets no should_stop, and only the
   * suite's own suiteMs, or the page terminating the worker, ends a long suite.
   */
  function runSuite(request: RunSuiteRequest): SuiteResult {
    const json = JSON.stringify(request);
    const progress = progressBuffer;
    const out = callRaw((b) => {
      if (progress === null) return b.runSuite(json);
      // Like the interrupt buffer: nothing written for an earlier run may reach this one.
      Atomics.store(progress, SUITE_PROGRESS.case, 0);
      Atomics.store(progress, SUITE_PROGRESS.stop, 0);
      return b.runSuite(json, shouldStop(progress));
    });
    return JSON.parse(out) as SuiteResult;
  }

  /**
   * Boots Pyodide with pyregex imported: from the saved snapshot when there is one that restores,
   * otherwise afresh (then saving a snapshot for next time). The wheel downloads meanwhile.
   */
  async function boot(
    options: EngineInitOptions,
    fetchWithProgress: typeof fetch,
  ): Promise<Booted> {
    const wheel = fetchWheel(fetchWithProgress, options.wheelURL);
    wheel.catch(() => {}); // awaited below; an early failure must not go unhandled meanwhile
    // packageBaseUrl also replaces Pyodide's default CDN fallback: nothing is fetched elsewhere.
    const config = {
      indexURL: options.indexURL,
      packageBaseUrl: options.indexURL,
      ...(options.stdLibURL === undefined ? {} : { stdLibURL: options.stdLibURL }),
    };

    const saved = snapshots ? await snapshots.find().catch(() => null) : null;
    if (saved !== null && snapshots !== null) {
      // Pyodide awaits the bytes only once its own script is loaded: the two go on together.
      saved.bytes.catch(() => {}); // a failed read fails loadPyodide, handled below
      let restored: PyodideInterface | null = null;
      let problem: unknown = null;
      try {
        restored = await loadPyodide({ ...config, _loadSnapshot: saved.bytes });
      } catch (error) {
        // One cut short was never tried: booting afresh is all there is to say.
        problem = error instanceof SnapshotCutShort ? null : error;
      }
      const wheelBytes = await wheel; // a failed download fails the boot, snapshot or not
      if (restored !== null) {
        try {
          // The snapshot holds the imported modules but not the files: put the wheel back.
          restored.FS.writeFile(WHEEL_PATH, wheelBytes);
          restored.runPython(VERIFY);
          // Only an engine that answers counts as restored (a damaged snapshot can import and
          // still fail on its first real call).
          return ready(restored, { from: 'snapshot', problem: null, snapshots: true });
        } catch (error) {
          problem = error;
        }
      }
      await snapshots.drop().catch(() => {});
      const py = await bootFresh(config, wheel, options.wheelURL);
      return ready(py, { from: 'fresh', problem: describe(problem), snapshots: canSnapshot(py) });
    }
    const py = await bootFresh(config, wheel, options.wheelURL);
    return ready(py, { from: 'fresh', problem: null, snapshots: canSnapshot(py) });
  }

  /**
   * Boots Pyodide afresh and installs pyregex. The wheel is awaited only once Pyodide is up: its
   * download goes on meanwhile (awaited first, it held back Pyodide's own downloads by the time
   * it took, about 90 ms on a first visit here).
   */
  async function bootFresh(
    config: LoadPyodideConfig,
    wheel: Promise<Uint8Array>,
    wheelURL: string,
  ): Promise<PyodideInterface> {
    const py = await loadPyodide({ ...config, _makeSnapshot: snapshots !== null });
    const wheelBytes = await wheel;
    try {
      py.FS.writeFile(WHEEL_PATH, wheelBytes);
      py.runPython(INSTALL);
    } catch (error) {
      throw new Error(`Could not install pyregex from ${wheelURL}: ${describe(error)}`, {
        cause: error,
      });
    }
    // The rest (the deferred imports, the snapshot) once the first call is answered.
    bootLeft = { snapshot: snapshots !== null && canSnapshot(py) };
    return py;
  }

  async function init(
    options: EngineInitOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<EngineInfo> {
    if (initStarted) throw new Error('init() may only be called once per engine.');
    initStarted = true;
    const report = quietly(onProgress);

    // Pyodide downloads with the global fetch (in Node too, for http URLs); lend it one that reads
    // the files already cached from the cache (cachedEngineFiles.ts), counts the bytes of the
    // others on the wire and inflates the gzipped archives (gzippedArchives.ts) while loading,
    // and give the original back whatever happens.
    const originalFetch = globalThis.fetch;
    const downloads = progressFetch(originalFetch, report);
    const cached = cachedFiles?.(options.indexURL) ?? null;
    const fetchWithProgress = gunzipping(
      cached === null ? downloads : cachedFirst(downloads, cached),
    );
    globalThis.fetch = fetchWithProgress;
    let booted: Booted;
    try {
      booted = await boot(options, fetchWithProgress);
    } finally {
      globalThis.fetch = originalFetch;
    }
    const { py } = booted;

    const internals = (py as unknown as PyodideInternals)._api;
    if (internals) internals.on_fatal = (error) => (fatal = error);
    if (options.interruptBuffer !== null) {
      interruptBuffer = options.interruptBuffer;
      py.setInterruptBuffer(interruptBuffer);
    }
    progressBuffer = options.progressBuffer;
    answerMailbox = options.answerMailbox ?? null;
    bridge = booted.bridge;
    pyodide = py;
    return {
      ...booted.versions,
      pyodide: py.version,
      boot: booted.boot,
      ...(runtime === undefined ? {} : { runtime }),
      memoryBytes: memoryBytes(),
    };
  }

  return {
    init,
    async evaluate(request: EvaluateRequest, ticket?: number): Promise<EvaluateAnswer> {
      return evaluatePacked(request, ticket);
    },
    async explain(pattern: string, flags: string): Promise<ExplainResult> {
      return call((b) => b.explain, JSON.stringify([pattern, flags])) as ExplainResult;
    },
    async toPython(request: EvaluateRequest): Promise<string> {
      return call((b) => b.toPython, JSON.stringify(request)) as string;
    },
    async runSuite(request: RunSuiteRequest): Promise<SuiteResult> {
      return runSuite(request);
    },
    async suiteToPytest(suite: Suite): Promise<string> {
      return call((b) => b.suiteToPytest, JSON.stringify(suite)) as string;
    },
    async trace(request: EvaluateRequest, budgets: TraceBudgets): Promise<TraceAnswer> {
      return tracePacked(request, budgets);
    },
    async redos(request: RedosRequest): Promise<RedosResult | ErrorResult> {
      return call((b) => b.redos, JSON.stringify(request)) as RedosResult | ErrorResult;
    },
  };
}
