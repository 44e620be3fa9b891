/**
 * The engine itself: loads Pyodide, installs the pyregex wheel and answers the EngineApi by calling
 * into Python with one JSON string in and one JSON string out. `loadPyodide` is a parameter, so the
 * same code runs in the browser worker and in Node under Vitest against the npm `pyodide`.
 * It must never touch the DOM or Comlink, and never let a Python proxy escape to its caller.
 */
import type { PyodideInterface, loadPyodide as LoadPyodide } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type {
  EngineApi,
  EngineInfo,
  EngineInitOptions,
  EvaluateAnswer,
  EvaluateRequest,
  ExplainResult,
  LoadProgress,
  PackedEvaluation,
} from './contract';
import { progressFetch } from './downloadProgress';

export type LoadPyodideFn = typeof LoadPyodide;

/**
 * The Python side of the bridge (pyregex.bridge), run once after pyregex is installed. Every
 * function takes a str of JSON and returns one, so nothing but strings crosses the FFI; evaluate
 * also returns the packed matches as bytes (a tuple), copied out and released at once.
 */
const BRIDGE = `
from pyregex.bridge import evaluate_json as evaluate
from pyregex.bridge import explain_json as explain
from pyregex.bridge import info_json as info
from pyregex.bridge import to_python_json as to_python
`;

type BridgeFn = (json?: string) => string;

/** evaluate's (JSON, packed bytes) tuple, as Pyodide hands a Python tuple over. */
type PackedOut = PyProxy & { toJs(): [string, Uint8Array] };

interface Bridge {
  info: BridgeFn;
  evaluate: (json: string) => PackedOut;
  explain: BridgeFn;
  toPython: BridgeFn;
}

/** Pyodide marks the error it throws after a fatal failure (the runtime is unusable from then on). */
interface MaybeFatal {
  pyodide_fatal_error?: boolean;
}

/** The part of Pyodide's internal API that tells us about a fatal error as it happens. */
interface PyodideInternals {
  _api?: { on_fatal?: (error: unknown) => void };
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

export function createEngineRuntime(loadPyodide: LoadPyodideFn): EngineApi {
  let bridge: Bridge | null = null;
  let interruptBuffer: Int32Array | null = null;
  let fatal: unknown = null;
  let initStarted = false;

  /** Runs one bridge call: fresh interrupt state, fatal errors named. */
  function callRaw<T>(run: (bridge: Bridge) => T): T {
    if (bridge === null) throw new Error('The engine is not initialised: call init() first.');
    if (fatal !== null) throw engineCrashed(fatal);
    // A stale 2 from an interrupt that arrived after the last run ended must not hit this one.
    if (interruptBuffer !== null) Atomics.store(interruptBuffer, 0, 0);
    try {
      return run(bridge);
    } catch (error) {
      if (fatal !== null || (error as MaybeFatal | null)?.pyodide_fatal_error) {
        throw engineCrashed(fatal ?? error);
      }
      throw error;
    }
  }

  /** A bridge call with JSON in (if any) and JSON out. */
  function call(pick: (bridge: Bridge) => BridgeFn, json?: string): unknown {
    const out = callRaw((b) => (json === undefined ? pick(b)() : pick(b)(json)));
    return JSON.parse(out);
  }

  /** evaluate: the JSON result and the packed matches, copied out of Python's heap. */
  function evaluatePacked(request: EvaluateRequest): EvaluateAnswer {
    const [json, bytes] = callRaw((b) => {
      const out = b.evaluate(JSON.stringify(request));
      try {
        return out.toJs();
      } finally {
        out.destroy();
      }
    });
    const evaluation = JSON.parse(json) as PackedEvaluation;
    // toJs copied the bytes into a Uint8Array of their own; hand its buffer over whole.
    const data =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : bytes.slice().buffer;
    return { evaluation, data };
  }

  async function init(
    options: EngineInitOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<EngineInfo> {
    if (initStarted) throw new Error('init() may only be called once per engine.');
    initStarted = true;
    const report = quietly(onProgress);

    // Pyodide downloads with the global fetch (in Node too, for http URLs); lend it a counting
    // one while loading, and give the original back whatever happens.
    const originalFetch = globalThis.fetch;
    globalThis.fetch = progressFetch(originalFetch, report);
    let py: PyodideInterface;
    try {
      // packageBaseUrl also replaces Pyodide's default CDN fallback: nothing is fetched elsewhere.
      py = await loadPyodide({ indexURL: options.indexURL, packageBaseUrl: options.indexURL });
      const errors: string[] = [];
      const installed = await py.loadPackage(options.wheelURL, {
        messageCallback: () => {},
        errorCallback: (message) => errors.push(message),
      });
      // loadPackage resolves (it does not throw) when a download or install fails.
      if (errors.length > 0 || !installed.some((pkg) => pkg.name === 'pyregex')) {
        throw new Error(
          `Could not install pyregex from ${options.wheelURL}: ${errors.join(' ') || 'not installed'}`,
        );
      }
    } finally {
      globalThis.fetch = originalFetch;
    }

    const internals = (py as unknown as PyodideInternals)._api;
    if (internals) internals.on_fatal = (error) => (fatal = error);
    if (options.interruptBuffer !== null) {
      interruptBuffer = options.interruptBuffer;
      py.setInterruptBuffer(interruptBuffer);
    }

    // The bridge lives in its own namespace, not in the interpreter's __main__.
    const namespace: PyProxy = py.toPy({});
    try {
      py.runPython(BRIDGE, { globals: namespace });
      const get = (name: string): BridgeFn => namespace.get(name) as BridgeFn;
      bridge = {
        info: get('info'),
        evaluate: namespace.get('evaluate') as Bridge['evaluate'],
        explain: get('explain'),
        toPython: get('to_python'),
      };
    } finally {
      // The bridge functions keep what they need alive; the namespace proxy itself can go.
      namespace.destroy();
    }
    const { python, pyregex } = call((b) => b.info) as { python: string; pyregex: string };
    return { python, pyregex, pyodide: py.version };
  }

  return {
    init,
    async evaluate(request: EvaluateRequest): Promise<EvaluateAnswer> {
      return evaluatePacked(request);
    },
    async explain(pattern: string, flags: string): Promise<ExplainResult> {
      return call((b) => b.explain, JSON.stringify([pattern, flags])) as ExplainResult;
    },
    async toPython(request: EvaluateRequest): Promise<string> {
      return call((b) => b.toPython, JSON.stringify(request)) as string;
    },
  };
}
