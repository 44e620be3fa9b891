/**
 * Once the service worker has cached the engine's files (sw.ts), a visit's engine worker reads
 * them from Cache Storage itself instead of asking for them through the service worker. Asked
 * through it, they came slowly: in a traced warm visit the 9.6 MB wasm arrived 130 ms after it
 * was asked for and Pyodide's 1.25 MB script 70 ms, while the snapshot was being read from the
 * same storage; read by the worker itself, the wasm arrived in about half the time and the warm
 * visit's first result came about 50 ms sooner.
 *
 * Only the entry the service worker itself would answer with is read, so a page never mixes two
 * builds' files: the default runtime's precached file under the revision this build gave it (the
 * file's MD5, which vite.config.ts hands to this code and checks against the precache manifest),
 * another runtime's file in this build's runtime cache. Anything else, or a file not cached yet,
 * is fetched as before. A file read from the cache is no download, so it reports no progress.
 */

type Fetch = typeof fetch;

/** Finds the cached copy of one of the engine's files, or nothing. */
export type CachedFile = (url: string) => Promise<Response | undefined>;

/** Where the service worker keeps one runtime's files (sw.ts). */
export type RuntimeCacheEntries =
  /** The default runtime's, precached: each file's revision, by file name. */
  | { readonly precacheRevisions: Readonly<Record<string, string>> }
  /** Another runtime's, in this build's runtime cache, by plain URL. */
  | { readonly runtimeCache: string };

/** Workbox's search parameter for a precached file's revision (workbox-precaching createCacheKey). */
const REVISION_PARAM = '__WB_REVISION__';

/**
 * The request under which the service worker's precache holds `url`, a file of the runtime whose
 * folder is `indexURL`; null when the precache holds no such file.
 */
export function precacheKey(
  url: string,
  indexURL: string,
  revisions: Readonly<Record<string, string>>,
): string | null {
  const key = new URL(url);
  const folder = new URL(indexURL);
  if (key.origin !== folder.origin || !key.pathname.startsWith(folder.pathname)) return null;
  if (key.search !== '' || key.hash !== '') return null;
  const revision = revisions[decodeURIComponent(key.pathname.slice(folder.pathname.length))];
  if (revision === undefined) return null;
  key.searchParams.set(REVISION_PARAM, revision);
  return key.href;
}

/** Reads the files of the runtime in `indexURL` from the service worker's caches, if there. */
export function serviceWorkerCaches(where: RuntimeCacheEntries): (indexURL: string) => CachedFile {
  return (indexURL) => async (url) => {
    if (typeof caches === 'undefined') return undefined;
    if ('precacheRevisions' in where) {
      const key = precacheKey(url, indexURL, where.precacheRevisions);
      return key === null ? undefined : caches.match(key);
    }
    if (!url.startsWith(indexURL)) return undefined;
    return caches.match(url, { cacheName: where.runtimeCache });
  };
}

/**
 * Wraps `network` so a GET of a file `cached` has answers with the cached copy; anything else,
 * and any file whose lookup fails (storage refused, as in private windows), goes to `network`.
 */
export function cachedFirst(network: Fetch, cached: CachedFile): Fetch {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const url = input instanceof Request ? input.url : String(input);
    if (method.toUpperCase() === 'GET' && URL.canParse(url)) {
      const hit = await cached(url).catch(() => undefined);
      if (hit?.ok) return hit;
    }
    return network(input, init);
  };
}
