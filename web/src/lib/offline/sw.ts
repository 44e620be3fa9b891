/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js, see
 * vite.config.ts): it precaches the page and the engine (index.html, the hashed JS and CSS,
 * Pyodide's runtime files and our wheel) and answers their requests from that cache, so a second
 * visit starts without the network and works offline. It exists only for that. The engine's
 * worker reads the engine's files from these caches itself, under the very keys this worker keeps
 * them (cachedEngineFiles.ts; vite.config.ts checks the precache's revisions).
 *
 * Responses are cached as the server sent them, headers included, so a page served with COOP/COEP
 * is still cross-origin isolated when it comes from the cache (and one served without stays so).
 * It serves pages loaded after it was installed; it does not claim the page that installed it
 * (that page and its engine worker keep the network they started with: switching a running engine's
 * worker to the cache mid-session hung WebKitGTK's restarted workers). A new build has a new
 * precache manifest: the new worker takes over at once (skipWaiting), keeps the entries whose
 * revision did not change and drops the others; the page reloads into the new build
 * (register.ts). It must never fetch from another origin.
 *
 * Only the default CPython runtime is precached: the other versions (`pyodide/<key>/…`, one folder
 * each, see engineAssets.ts) are fetched the first time they are chosen and cached then, in one
 * cache named after the build's runtimes (`__PYREGEX_RUNTIME_CACHE__`), so they work offline from
 * then on and a build that ships other runtimes drops the old ones. A page this worker controls
 * gets them cache-first through the route below; the page that installed it is not controlled, so
 * it also posts `pyregex:cache-runtime` with the files once such a runtime booted (register.ts).
 */
/// <reference lib="webworker" />
import type { WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { isCacheRuntimeMessage, RUNTIME_CACHE_PREFIX } from './runtimeCache';

declare let self: ServiceWorkerGlobalScope;

/** The cache of non-default runtimes for this build's set of them (vite.config.ts names it). */
declare const __PYREGEX_RUNTIME_CACHE__: string;
declare const __PYREGEX_DEFAULT_RUNTIME__: string;

/**
 * Workbox downloads a revisioned entry with `cache: 'reload'`, bypassing the HTTP cache. On a first
 * visit the page has just downloaded the same 14 MB, so ask the HTTP cache to revalidate instead
 * (`no-cache`: a 304 costs only headers, a changed file still arrives whole, nothing stale is kept).
 */
const revalidateOnInstall: WorkboxPlugin = {
  requestWillFetch: async ({ request, event }) =>
    event?.type === 'install' ? new Request(request, { cache: 'no-cache' }) : request,
};

addPlugins([revalidateOnInstall]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** The runtime key of `…/pyodide/3.12/…` or `…/assets/engine-3.12.worker-<hash>.js`, else null. */
function runtimeOf(url: URL): string | null {
  if (url.origin !== self.location.origin) return null;
  const scope = new URL(self.registration.scope).pathname;
  if (!url.pathname.startsWith(scope)) return null;
  const path = url.pathname.slice(scope.length);
  const folder = /^pyodide\/([^/]+)\//.exec(path);
  const worker = /^assets\/engine-([\d.]+)\.worker-[\w-]+\.js$/.exec(path);
  return folder?.[1] ?? worker?.[1] ?? null;
}

/**
 * A file of a runtime other than the default: its folder (`…/pyodide/3.12/pyodide.asm.wasm`) or
 * its worker's script, which the precache leaves out too (vite.config.ts).
 */
function isOtherRuntimeFile(url: URL): boolean {
  const key = runtimeOf(url);
  return key !== null && key !== __PYREGEX_DEFAULT_RUNTIME__;
}

// The files never change under one URL within a build (the cache's name changes with them), so
// the cached copy is always right; only complete answers are kept.
registerRoute(
  ({ url, request }) => request.method === 'GET' && isOtherRuntimeFile(url),
  new CacheFirst({
    cacheName: __PYREGEX_RUNTIME_CACHE__,
    plugins: [new CacheableResponsePlugin({ statuses: [200] })],
  }),
);

/** Caches what a page not controlled by this worker just loaded (from the HTTP cache, mostly). */
async function cacheRuntimeFiles(urls: readonly string[]): Promise<void> {
  const cache = await caches.open(__PYREGEX_RUNTIME_CACHE__);
  for (const href of urls) {
    const url = new URL(href, self.location.href);
    if (!isOtherRuntimeFile(url) || (await cache.match(url.href)) !== undefined) continue;
    const response = await fetch(url.href);
    if (response.status === 200) await cache.put(url.href, response);
  }
}

self.addEventListener('message', (event) => {
  if (isCacheRuntimeMessage(event.data)) {
    event.waitUntil(cacheRuntimeFiles(event.data.urls).catch(() => {}));
  }
});

self.addEventListener('install', () => {
  void self.skipWaiting();
});

// Older builds' runtime caches: their files are not this build's.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(
        names
          .filter((name) => name.startsWith(RUNTIME_CACHE_PREFIX))
          .filter((name) => name !== __PYREGEX_RUNTIME_CACHE__)
          .map((name) => caches.delete(name)),
      ),
    ),
  );
});
