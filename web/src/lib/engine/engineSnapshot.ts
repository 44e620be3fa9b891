/**
 * Where the engine keeps its memory snapshot between visits. Booting Pyodide and importing pyregex
 * takes 1.5–2.5 s; restoring a snapshot of the interpreter's memory taken right after that import
 * takes about a tenth of it. The first visit boots afresh and saves the snapshot (31 MB of memory,
 * stored without its empty pages, in the browser's Cache Storage, so it never crosses the network:
 * it costs no download); every later visit, and every restart of the worker, restores it.
 *
 * A snapshot only fits the exact build it was taken from (Pyodide's wasm, the standard library zip
 * and the pyregex wheel), so it is stored under the build's id and older ones are deleted. Each
 * runtime (CPython version) of a build has its own id, so their snapshots sit side by side and one
 * is never restored into another; only ids that the current build no longer ships go. Storage
 * may be missing or refuse (private mode, a full quota): then every boot is simply a fresh one.
 */

/**
 * A saved snapshot found: its bytes, still being read, so Pyodide loads its own script meanwhile.
 * They reject with SnapshotCutShort when the stored snapshot is not as long as when it was saved,
 * and with another error when it is not one (unpackSnapshot).
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

/**
 * How a snapshot is stored: without its empty pages. Most of Pyodide's 31 MB is zeros (the stack's
 * region, the heap above its break), and reading all of it back from Cache Storage was most of
 * what a warm visit's engine waited for (about 210 ms for 31 MB, traced in Chromium here). The
 * stored form is a header (magic, the snapshot's length, the count of runs, then each run's offset
 * and length, as little-endian u32) followed by the runs' bytes; every byte outside a run is zero.
 */
const PACKED_MAGIC = 0x70727331; // "prs1"
/** The unit of emptiness: a run of whole pages of zeros is left out. */
const PACK_PAGE = 4096;

/** `snapshot` without its pages of zeros, in the stored form above. */
export function packSnapshot(snapshot: Uint8Array): Uint8Array {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let page = 0; page < snapshot.length; page += PACK_PAGE) {
    const end = Math.min(page + PACK_PAGE, snapshot.length);
    const empty = isZero(snapshot, page, end);
    if (!empty && start < 0) start = page;
    if (empty && start >= 0) {
      runs.push([start, page - start]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, snapshot.length - start]);
  const header = 12 + 8 * runs.length;
  const stored = runs.reduce((total, [, length]) => total + length, 0);
  const packed = new Uint8Array(header + stored);
  const view = new DataView(packed.buffer);
  view.setUint32(0, PACKED_MAGIC, true);
  view.setUint32(4, snapshot.length, true);
  view.setUint32(8, runs.length, true);
  let at = header;
  runs.forEach(([offset, length], i) => {
    view.setUint32(12 + 8 * i, offset, true);
    view.setUint32(16 + 8 * i, length, true);
    packed.set(snapshot.subarray(offset, offset + length), at);
    at += length;
  });
  return packed;
}

/** The snapshot `packed` holds (packSnapshot's inverse); throws if it is not one. */
export function unpackSnapshot(packed: Uint8Array): Uint8Array {
  const malformed = () => new Error('The saved engine snapshot is malformed.');
  if (packed.length < 12) throw malformed();
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const length = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const header = 12 + 8 * count;
  if (view.getUint32(0, true) !== PACKED_MAGIC || header > packed.length) throw malformed();
  const snapshot = new Uint8Array(length);
  let at = header;
  let previousEnd = 0;
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(12 + 8 * i, true);
    const runLength = view.getUint32(16 + 8 * i, true);
    if (offset < previousEnd || offset + runLength > length || at + runLength > packed.length) {
      throw malformed();
    }
    snapshot.set(packed.subarray(at, at + runLength), offset);
    at += runLength;
    previousEnd = offset + runLength;
  }
  if (at !== packed.length) throw malformed();
  return snapshot;
}

/** Whether bytes [from, to) of `bytes` are all zero (words at a time where aligned). */
function isZero(bytes: Uint8Array, from: number, to: number): boolean {
  const aligned = (bytes.byteOffset + from) % 4 === 0 && (to - from) % 4 === 0;
  if (aligned) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + from, (to - from) / 4);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

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
        return unpackSnapshot(new Uint8Array(buffer));
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
      const body = packSnapshot(snapshot) as Uint8Array<ArrayBuffer>;
      await cache.put(
        key,
        new Response(body, {
          headers: {
            'Content-Type': 'application/octet-stream',
            [SIZE_HEADER]: String(body.byteLength),
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
