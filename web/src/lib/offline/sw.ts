/**
 * The service worker (built by vite-plugin-pwa's injectManifest into dist/sw.js, see
 * vite.config.ts): it precaches the page and the engine (index.html, the hashed JS and CSS,
 * Pyodide's runtime files and our wheel) and answers their requests from that cache, so a second
 * visit starts without the network and works offline. It exists only for that.
 *
 * Responses are cached as the server sent them, headers included, so a page served with COOP/COEP
 * is still cross-origin isolated when it comes from the cache (and one served without stays so).
 * It serves pages loaded after it was installed; it does not claim the page that installed it
 * (that page and its engine worker keep the network they started with: switching a running engine's
 * worker to the cache mid-session hung WebKitGTK's restarted workers). A new build has a new
 * precache manifest: the new worker takes over at once (skipWaiting), keeps the entries whose
 * revision did not change and drops the others; the page reloads into the new build
 * (register.ts). It must never fetch from another origin.
 */
/// <reference lib="webworker" />
import type { WorkboxPlugin } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';

declare let self: ServiceWorkerGlobalScope;

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

self.addEventListener('install', () => {
  void self.skipWaiting();
});
