/**
 * Creates the engine worker of one runtime, bundled by Vite from workers/engine-<key>.worker.ts.
 * Its own module because two places make one: the engine client for every (re)start, and
 * engineStart.ts for the first. Each runtime needs its own entry (its Pyodide release's loader),
 * and Vite only bundles a worker it finds in the literal `new Worker(new URL('…', import.meta.url))`
 * form (options included), hence one such call per runtime: a runtime added to runtimes.json needs one here too (the
 * pool's test checks every runtime has one).
 */
import { DEFAULT_RUNTIME, type RuntimeKey } from './runtimes';

/** The worker factories, by runtime key; a factory is only called when its version is used. */
export const BUNDLED_WORKERS: Readonly<Record<RuntimeKey, () => Worker>> = {
  '3.11': () =>
    new Worker(new URL('./workers/engine-3.11.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pyregex-engine-3.11',
    }),
  '3.12': () =>
    new Worker(new URL('./workers/engine-3.12.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pyregex-engine-3.12',
    }),
  '3.13': () =>
    new Worker(new URL('./workers/engine-3.13.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pyregex-engine-3.13',
    }),
  '3.14': () =>
    new Worker(new URL('./workers/engine-3.14.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pyregex-engine-3.14',
    }),
  '3.15': () =>
    new Worker(new URL('./workers/engine-3.15.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pyregex-engine-3.15',
    }),
};

/** A new engine worker of runtime `key` (the default runtime's when omitted). */
export function createBundledWorker(key: RuntimeKey = DEFAULT_RUNTIME): Worker {
  const create = BUNDLED_WORKERS[key];
  if (create === undefined) throw new Error(`This build has no engine worker for Python ${key}.`);
  return create();
}
