/**
 * How the page asks the service worker (sw.ts) to keep a CPython runtime other than the default
 * for offline use, once that runtime booted: the page that installed the service worker is not
 * controlled by it, so its downloads are not cached on their way. Shared by both sides, so the
 * message has one shape. It must never name a file of another origin.
 */

/** The service worker's runtime caches all start with this (the build's name follows). */
export const RUNTIME_CACHE_PREFIX = 'pyregex-runtimes-';

export interface CacheRuntimeMessage {
  type: 'pyregex:cache-runtime';
  /** Absolute URLs of the runtime's files, of the page's own origin. */
  urls: string[];
}

export function isCacheRuntimeMessage(data: unknown): data is CacheRuntimeMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { type, urls } = data as Partial<Record<keyof CacheRuntimeMessage, unknown>>;
  return (
    type === 'pyregex:cache-runtime' &&
    Array.isArray(urls) &&
    urls.every((url) => typeof url === 'string')
  );
}

/**
 * Asks the active service worker, if there is one, to cache `urls` (a runtime's files). Never
 * throws: without a service worker the page simply works online only.
 */
export function cacheRuntime(urls: string[], win: Window = window): void {
  const container = win.navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (container === undefined) return;
  void container.ready
    .then((registration) => {
      registration.active?.postMessage({
        type: 'pyregex:cache-runtime',
        urls,
      } satisfies CacheRuntimeMessage);
    })
    .catch(() => {});
}
