/**
 * Has the browser compile the engine's script once more from the service worker's cache, a few
 * seconds after that worker installs (WARM_UP_DELAY_MS), so that the next visit starts on compiled
 * code.
 *
 * Chromium keeps a module script's compiled code beside the Cache Storage entry the service worker
 * answered it from, but makes it only the first time it runs such a script; the next load uses
 * it. A first visit loads Pyodide's 1.25 MB loader from the network (the service worker is not
 * there yet), so without this the first return visit compiled it on the engine worker's path
 * (about 30 ms of that thread, traced) and only the visit after that found its code. A worker
 * started once the service worker is active is served by it (its own page is not, sw.ts), so its
 * import makes the code the next visit uses. Browsers that keep no such code lose one read of the
 * file from a cache, in idle time. It never throws and never delays anything the user does.
 */

/** What the warmer worker answers: the scripts it could not import (none, normally). */
export interface WarmedScripts {
  failed: string[];
}

/** The longest a warm-up may take before its worker is ended anyway. */
export const WARM_UP_LIMIT_MS = 30_000;

/**
 * How long after the service worker is active the warm-up waits. A page that navigates while its
 * warmer worker's script is still loading (a reload right after the install, as the user or a test
 * may do) had WebKitGTK report the cancelled load as an uncaught error of the page, "… due to
 * access control checks" (e2e offline.spec, 3 of 8 runs); a few seconds later the page is most
 * likely still or long gone, and the next visit is no sooner anyway.
 */
export const WARM_UP_DELAY_MS = 5_000;

/** The warmer worker, bundled by Vite from codeCacheWarmer.worker.ts. */
export function codeCacheWarmer(): Worker {
  return new Worker(new URL('./codeCacheWarmer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pyregex-code-cache',
  });
}

/**
 * Imports `scripts` in a worker of their own and ends it; resolves with those that failed (all of
 * them if the worker itself failed or took longer than `limitMs`), never rejects.
 */
export function warmCodeCache(
  scripts: readonly string[],
  createWorker: () => Worker = codeCacheWarmer,
  limitMs: number = WARM_UP_LIMIT_MS,
): Promise<string[]> {
  if (scripts.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    let worker: Worker | null = null;
    let finished = false;
    const finish = (failed: string[]): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      worker?.terminate();
      resolve(failed);
    };
    const timer = setTimeout(() => finish([...scripts]), limitMs);
    try {
      worker = createWorker();
    } catch {
      finish([...scripts]);
      return;
    }
    worker.onmessage = (event: MessageEvent<WarmedScripts>) => finish(event.data.failed);
    worker.onerror = () => finish([...scripts]);
    worker.postMessage(scripts);
  });
}

/** warmCodeCache, `delayMs` from now (see WARM_UP_DELAY_MS); resolves as it does. */
export function warmCodeCacheSoon(
  scripts: readonly string[],
  delayMs: number = WARM_UP_DELAY_MS,
  warm: (scripts: readonly string[]) => Promise<string[]> = warmCodeCache,
): Promise<string[]> {
  return new Promise((resolve) => setTimeout(() => resolve(warm(scripts)), delayMs));
}
