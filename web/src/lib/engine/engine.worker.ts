/**
 * The engine worker's entry: wires the real runtime (engineRuntime.ts) to Comlink and tells the page
 * about crashes that happen outside any call. It must stay this thin: no logic, no DOM.
 */
import { expose, transfer } from 'comlink';
import { loadPyodide } from 'pyodide';
import type { EngineApi, EngineBootingMessage, EngineCrashMessage } from './contract';
import { createEngineRuntime } from './engineRuntime';
import { cacheSnapshotStore } from './engineSnapshot';

/** Names the exact engine build (Pyodide, stdlib zip, wheel); empty in dev. See vite.config.ts. */
declare const __PYREGEX_ENGINE_BUILD__: string;

function reportCrash(message: string): void {
  self.postMessage({ type: 'pyregex:crash', message } satisfies EngineCrashMessage);
}

self.addEventListener('error', (event) => reportCrash(event.message || String(event.error)));
self.addEventListener('unhandledrejection', (event) => reportCrash(String(event.reason)));

const runtime = createEngineRuntime(loadPyodide, {
  snapshots: cacheSnapshotStore(__PYREGEX_ENGINE_BUILD__),
});

expose({
  ...runtime,
  // The page waits for this before it mounts (web/src/engineStart.ts).
  init: (options, onProgress) => {
    self.postMessage({ type: 'pyregex:booting' } satisfies EngineBootingMessage);
    return runtime.init(options, onProgress);
  },
  // The packed matches move to the page instead of being copied (they can be megabytes).
  evaluate: async (request) => {
    const answer = await runtime.evaluate(request);
    return transfer(answer, [answer.data]);
  },
} satisfies EngineApi);
