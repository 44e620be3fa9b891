/**
 * What every engine worker does, whichever CPython it runs: wires the real runtime
 * (engineRuntime.ts) to Comlink and tells the page about crashes that happen outside any call.
 * Each runtime has its own worker entry (workers/engine-<key>.worker.ts), since a Pyodide loader
 * must come from the same release as the runtime files it loads; the entry only passes its
 * release's `loadPyodide` and its key here. It must stay this thin: no logic, no DOM.
 */
import { expose, transfer } from 'comlink';
import type { EngineApi, EngineBootingMessage, EngineCrashMessage } from './contract';
import { createEngineRuntime, type LoadPyodideFn } from './engineRuntime';
import { cacheSnapshotStore } from './engineSnapshot';
import { serviceWorkerCaches } from './cachedEngineFiles';
import { DEFAULT_RUNTIME } from './runtimes';

/**
 * Names the exact engine each runtime of the build ships (its Pyodide, stdlib zip and wheel), by
 * runtime key; empty in dev. A snapshot is stored under its runtime's id, so one runtime's snapshot
 * is never restored into another. See vite.config.ts.
 */
declare const __PYREGEX_ENGINE_BUILDS__: Record<string, string>;
/**
 * The service worker's caches (sw.ts): the revision of each of the default runtime's precached
 * files, by file name (empty in dev), and the cache of the other runtimes' files.
 */
declare const __PYREGEX_PRECACHE_REVISIONS__: Record<string, string>;
declare const __PYREGEX_RUNTIME_CACHE__: string;

function reportCrash(message: string): void {
  self.postMessage({ type: 'pyregex:crash', message } satisfies EngineCrashMessage);
}

/** Runs the engine of runtime `key` in this worker with that runtime's own `loadPyodide`. */
export function startEngineWorker(loadPyodide: LoadPyodideFn, key: string): void {
  self.addEventListener('error', (event) => reportCrash(event.message || String(event.error)));
  self.addEventListener('unhandledrejection', (event) => reportCrash(String(event.reason)));

  const builds = __PYREGEX_ENGINE_BUILDS__;
  const runtime = createEngineRuntime(loadPyodide, {
    snapshots: cacheSnapshotStore(builds[key] ?? '', { keep: Object.values(builds) }),
    runtime: key,
    cachedFiles: serviceWorkerCaches(
      key === DEFAULT_RUNTIME
        ? { precacheRevisions: __PYREGEX_PRECACHE_REVISIONS__ }
        : { runtimeCache: __PYREGEX_RUNTIME_CACHE__ },
    ),
  });

  expose({
    ...runtime,
    // The page waits for this before it mounts (web/src/engineStart.ts).
    init: async (options, onProgress) => {
      self.postMessage({ type: 'pyregex:booting' } satisfies EngineBootingMessage);
      const info = await runtime.init(options, onProgress);
      return { ...info, workerScript: self.location.href };
    },
    // The packed matches move to the page instead of being copied (they can be megabytes).
    evaluate: async (request, ticket) => {
      const answer = await runtime.evaluate(request, ticket);
      return transfer(answer, [answer.data]);
    },
    // So do the packed steps of a trace (up to 100 000 steps of 28 bytes) and its matches.
    trace: async (request, budgets) => {
      const answer = await runtime.trace(request, budgets);
      const matches = answer.packedMatches?.data;
      return transfer(answer, matches === undefined ? [answer.data] : [answer.data, matches]);
    },
  } satisfies EngineApi);
}
