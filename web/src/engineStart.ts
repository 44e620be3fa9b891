/**
 * Starts the engine before the rest of the page is even evaluated. main.ts imports this module
 * first, so the bundle runs it first: it creates the engine client (its worker and the init call),
 * then waits until the worker has begun to boot before the page's other modules run and mount.
 * Chromium starts a new worker, and hands it the messages sent before it started, only when the
 * main thread is free: made during the mount, the worker began to boot Pyodide only after the
 * whole mount (300–400 ms later on a first visit).
 */
import { engineAssetURLs } from './lib/engine/engineAssets';
import { createBundledWorker } from './lib/engine/bundledWorker';
import { EngineClient } from './lib/engine/engineClient.svelte';
import { TransitionRelay } from './lib/engine/transitionRelay';
import { bootStarted } from './lib/engine/bootStarted';

/** The longest the page's mount waits for the worker (a slow network must not hold the page). */
const MAX_WAIT_MS = 200;

/**
 * The engine's first worker, made here so this module can wait for it; restarts make their own.
 * If it cannot be made, the engine client tries again and reports the failure as its own.
 */
let firstWorker: Worker | null = null;
try {
  firstWorker = createBundledWorker();
} catch {
  // reported by the engine client below
}
let firstTaken = false;

/** The page's engine transitions, held until the page listens (App does). */
export const engineTransitions = new TransitionRelay();

export const engine = new EngineClient({
  ...engineAssetURLs(),
  createWorker: () => {
    const worker = firstTaken || firstWorker === null ? createBundledWorker() : firstWorker;
    firstTaken = true;
    return worker;
  },
  onTransition: engineTransitions.send,
});

if (firstWorker !== null) await bootStarted(firstWorker, MAX_WAIT_MS);
