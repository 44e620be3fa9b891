/**
 * Where the engine keeps its memory snapshot between visits. Booting Pyodide and importing pyregex
 * takes 1.5–2.5 s; restoring a snapshot of the interpreter's memory taken right after that import
 * takes about a tenth of it. The first visit boots afresh and saves the snapshot (about 31 MB, in
 * the browser's Cache Storage, so it never crosses the network: it costs no download); every later
 * visit, and every restart of the worker, restores it.
 *
 * A snapshot only fits the exact build it was taken from (Pyodide's wasm, the standard library zip
 * and the pyregex wheel), so it is stored under the build's id and older ones are deleted. Each
 * runtime (CPython version) of a build has its own id, so their snapshots sit side by side and one
 * is never restored into another; only ids that the current build no longer ships go. Storage
 * may be missing or refuse (private mode, a full quota): then every boot is simply a fresh one.
 */

/**
 * A saved snapshot found: its bytes, still being read (about 100 ms for 31 MB in Chromium), so
 * Pyodide loads its own script meanwhile. They reject with SnapshotCutShort when the snapshot is
 * not as long as when it was saved.
 */
export interface SavedSnapshot {
  readonly bytes: Promise<Uint8Array>;
}

/**
 * A snapshot shorter than it was saved (e.g. the tab closed while it was being written): it would
 * restore into a heap with a hole in it, so it is never tried; not a failure worth reporting.
 */
export class SnapshotCutShort extends Error {
  constructor(saved: number, found: number) {
    super(`The saved engine snapshot is cut short (${found} of ${saved} bytes).`);
    this.name = 'SnapshotCutShort';
  }
}

/** The persistence the engine runtime needs; every method may reject, and the runtime copes. */
export interface SnapshotStore {
  /** The saved snapshot for this build, or null when there is none. */
  find(): Promise<SavedSnapshot | null>;
  /** Saves the snapshot for this build, replacing any older one. */
  save(snapshot: Uint8Array): Promise<void>;
  /** Forgets this build's snapshot (it failed to restore). */
  drop(): Promise<void>;
}

/** The Cache Storage cache that holds snapshots (one entry, for the current build). */
export const SNAPSHOT_CACHE = 'pyregex-engine-snapshot';

/** The header that records a saved snapshot's size, checked when it is loaded. */
const SIZE_HEADER = 'X-Pyregex-Snapshot-Bytes';

/** The request URL a build's snapshot is stored under; never fetched, only a cache key. */
function snapshotKey(buildId: string, base: string): string {
  return new URL(`engine-snapshot/${encodeURIComponent(buildId)}`, base).href;
}

export interface CacheSnapshotStoreOptions {
  /** The ids whose snapshots a save keeps (the build's other runtimes); every other one goes. */
  keep?: readonly string[];
  /** Any URL of the page's folder. Default: the worker's location. */
  base?: string;
}

/**
 * Snapshots in Cache Storage, which workers can use (the page's service worker never sees these
 * requests). Returns null where there is no Cache Storage or no build id (the dev server, whose
 * wheel is rebuilt on every change).
 */
export function cacheSnapshotStore(
  buildId: string,
  { keep = [], base = globalThis.location?.href ?? '' }: CacheSnapshotStoreOptions = {},
): SnapshotStore | null {
  if (buildId === '' || typeof caches === 'undefined' || base === '') return null;
  const key = snapshotKey(buildId, base);
  const kept = new Set([key, ...keep.map((id) => snapshotKey(id, base))]);
  const open = () => caches.open(SNAPSHOT_CACHE);
  return {
    async find() {
      const response = await (await open()).match(key);
      if (!response) return null;
      const saved = Number(response.headers.get(SIZE_HEADER));
      const bytes = response.arrayBuffer().then((buffer) => {
        if (buffer.byteLength !== saved) throw new SnapshotCutShort(saved, buffer.byteLength);
        return new Uint8Array(buffer);
      });
      return { bytes };
    },
    async save(snapshot) {
      const cache = await open();
      for (const request of await cache.keys()) {
        if (!kept.has(request.url)) await cache.delete(request);
      }
      // The bytes themselves, not a Blob: WebKit reads a Blob body through a blob: URL, and a
      // page that reloads while the save is still going (it waits behind the first evaluations)
      // then logs "Cannot load blob:… due to access control checks" on the console.
      const body = snapshot as Uint8Array<ArrayBuffer>;
      await cache.put(
        key,
        new Response(body, {
          headers: {
            'Content-Type': 'application/octet-stream',
            [SIZE_HEADER]: String(snapshot.byteLength),
          },
        }),
      );
    },
    async drop() {
      await (await open()).delete(key);
    },
  };
}

/** A store in memory, for tests and for code that wants the runtime's behaviour without storage. */
export function memorySnapshotStore(): SnapshotStore & { saved: Uint8Array | null } {
  const store = {
    saved: null as Uint8Array | null,
    async find() {
      return store.saved === null ? null : { bytes: Promise.resolve(store.saved) };
    },
    async save(snapshot: Uint8Array) {
      store.saved = snapshot;
    },
    async drop() {
      store.saved = null;
    },
  };
  return store;
}
