/**
 * Telling an engine that ran out of memory from one that failed for another reason. A replacement
 * that builds gigabytes can end three ways: Python raises MemoryError, JavaScript cannot hold the
 * answer (a RangeError while copying it out), or the WebAssembly runtime aborts. In each case the
 * worker holds memory it can never give back (WebAssembly memory only grows), so the client
 * restarts it and tells the user why. Pure functions: no Pyodide, no Comlink, no DOM.
 */

/** The error name a call rejects with when the engine ran out of memory (the client restarts it). */
export const OUT_OF_MEMORY_ERROR = 'EngineOutOfMemory';

/**
 * How the runtimes word it: Python's MemoryError, V8's and SpiderMonkey's allocation failures,
 * JavaScriptCore's "Out of memory", Emscripten's aborts when memory cannot grow.
 */
const OUT_OF_MEMORY_TEXT =
  /\bMemoryError\b|out of memory|\bOOM\b|Cannot enlarge memory|allocation failed|Invalid string length|Invalid typed array length|invalid array length/i;

/** Whether `text` (an error message, a crash report) says that memory ran out. */
export function saysOutOfMemory(text: string): boolean {
  return OUT_OF_MEMORY_TEXT.test(text);
}

/** Whether a call's failure is the engine running out of memory (in Python or in JavaScript). */
export function isOutOfMemoryFailure(error: unknown): boolean {
  if (error instanceof RangeError) return saysOutOfMemory(error.message);
  if (!(error instanceof Error)) return false;
  // Pyodide's PythonError names the Python exception class in `type`.
  const type = (error as Error & { type?: unknown }).type;
  if (type === 'MemoryError') return true;
  return error.name === OUT_OF_MEMORY_ERROR || saysOutOfMemory(error.message);
}

/** The error a call rejects with once the engine ran out of memory. */
export function engineOutOfMemory(cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message.trim().split('\n').at(-1) : String(cause);
  const error = new Error(`The Python engine ran out of memory: ${detail ?? ''}`.trim(), {
    cause,
  });
  error.name = OUT_OF_MEMORY_ERROR;
  return error;
}

/** Whether an error that crossed from the worker is the out-of-memory one. */
export function isEngineOutOfMemory(error: unknown): boolean {
  return error instanceof Error && error.name === OUT_OF_MEMORY_ERROR;
}

/** "2.1 GB": a byte count as the notices word it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}
