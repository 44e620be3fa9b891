/**
 * Creates the engine worker that Vite bundles from engine.worker.ts. Its own module because two
 * places make one: the engine client for every (re)start, and engineStart.ts for the first.
 */

/** Vite finds and builds the worker from this exact `new Worker(new URL(...))` form. */
export function createBundledWorker(): Worker {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pyregex-engine',
  });
}
