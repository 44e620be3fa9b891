/**
 * Starts the engine before the rest of the page is even evaluated. main.ts asks for this module
 * and for the page (mountPage.ts) at once; this one is much smaller, so it runs first: it creates
 * the engine pool (one engine per CPython version, lib/engine/enginePool.svelte.ts) and the engine
 * of the version the page opens on (its worker and the init call), then waits until that worker
 * has begun to boot before the page's other modules run and mount. Chromium starts a new worker,
 * and hands it the messages sent before it started, only when the main thread is free: made
 * during the mount, the worker began to boot Pyodide only after the whole mount (300–400 ms later
 * on a first visit). Other versions' engines are made when first chosen (or compared), by the
 * same factory.
 */
import { engineAssetURLs, runtimeFileURLs } from './lib/engine/engineAssets';
import { createBundledWorker } from './lib/engine/bundledWorker';
import { EngineClient } from './lib/engine/engineClient.svelte';
import { EnginePool } from './lib/engine/enginePool.svelte';
import { DEFAULT_RUNTIME, type RuntimeKey } from './lib/engine/runtimes';
import { TransitionRelay } from './lib/engine/transitionRelay';
import { bootStarted } from './lib/engine/bootStarted';
import { initialRuntimeKey } from './lib/state/runtimeChoice';
import { cacheRuntime } from './lib/offline/runtimeCache';

/** The longest the page's mount waits for the worker (a slow network must not hold the page). */
const MAX_WAIT_MS = 200;

/** The page's engine transitions (every version's), held until the page listens (App does). */
export const engineTransitions = new TransitionRelay();

const firstKey = await initialRuntimeKey();

/**
 * The first engine's first worker, made here so this module can wait for it; restarts make their
 * own. If it cannot be made, the engine client tries again and reports the failure as its own.
 */
let firstWorker: Worker | null = null;
try {
  firstWorker = createBundledWorker(firstKey);
} catch {
  // reported by the engine client below
}

function workerFactory(key: RuntimeKey): () => Worker {
  let first = key === firstKey ? firstWorker : null;
  return () => {
    const worker = first ?? createBundledWorker(key);
    first = null;
    return worker;
  };
}

/** The page's engines, by CPython version; the page talks to `enginePool.current`. */
export const enginePool = new EnginePool({
  initial: firstKey,
  createClient: (key, hooks) =>
    new EngineClient({
      ...engineAssetURLs(key),
      createWorker: workerFactory(key),
      onTransition: (...transition) => {
        hooks.onTransition(...transition);
        engineTransitions.send(key, ...transition);
        // Another version than the default was fetched now: keep it for offline use (sw.ts).
        const [next, previous] = transition;
        if (
          import.meta.env.PROD &&
          key !== DEFAULT_RUNTIME &&
          next.kind === 'ready' &&
          previous.kind === 'loading'
        ) {
          const script = next.info.workerScript;
          cacheRuntime([...runtimeFileURLs(key), ...(script === undefined ? [] : [script])]);
        }
      },
    }),
});

/** The engine the page opens on (the pool's current one at start). */
export const engine: EngineClient = enginePool.current;

if (firstWorker !== null) await bootStarted(firstWorker, MAX_WAIT_MS);
