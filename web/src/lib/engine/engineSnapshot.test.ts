/**
 * The stored form of a snapshot: without its pages of zeros, and exactly the snapshot again when
 * read back (runs at the start, the end, a partial last page, none at all); anything else is
 * refused, never restored. And the Cache Storage store keeps that form, refusing one cut short.
 */
import { describe, expect, it } from 'vitest';
import {
  cacheSnapshotStore,
  packSnapshot,
  SnapshotCutShort,
  SNAPSHOT_CACHE,
  unpackSnapshot,
} from './engineSnapshot';

/** A snapshot-like block: zeros with some non-zero stretches (Pyodide's memory is mostly zeros). */
function sparse(length: number, stretches: Array<[number, number]>): Uint8Array {
  const bytes = new Uint8Array(length);
  for (const [offset, size] of stretches) {
    for (let i = offset; i < offset + size; i++) bytes[i] = (i * 31 + 7) % 251 || 1;
  }
  return bytes;
}

describe('packSnapshot / unpackSnapshot', () => {
  it.each([
    [
      'runs inside',
      sparse(64 * 4096, [
        [5000, 300],
        [40_000, 9000],
        [200_000, 1],
      ]),
    ],
    [
      'a run at each end',
      sparse(10 * 4096, [
        [0, 10],
        [10 * 4096 - 3, 3],
      ]),
    ],
    ['a partial last page', sparse(3 * 4096 + 100, [[3 * 4096 + 50, 20]])],
    ['nothing but zeros', new Uint8Array(8 * 4096)],
    ['no zeros at all', new Uint8Array(3 * 4096 + 7).fill(9)],
    ['nothing', new Uint8Array(0)],
  ])('gives back exactly the snapshot: %s', (_, snapshot) => {
    const packed = packSnapshot(snapshot);
    expect(unpackSnapshot(packed)).toEqual(snapshot);
  });

  it('leaves the empty pages out', () => {
    const snapshot = sparse(256 * 4096, [
      [4096 * 10, 100],
      [4096 * 200, 5000],
    ]);
    const packed = packSnapshot(snapshot);
    // One page for the first stretch, two for the second, and the header.
    expect(packed.length).toBe(12 + 2 * 8 + 3 * 4096);
  });

  it('reads a snapshot from an unaligned view', () => {
    const buffer = new Uint8Array(5 * 4096 + 1);
    buffer.set(sparse(5 * 4096, [[4096 + 1, 10]]), 1);
    const view = buffer.subarray(1);
    expect(unpackSnapshot(packSnapshot(view))).toEqual(view);
  });

  it.each([
    ['garbage', new Uint8Array(4096).fill(7)],
    ['too short for a header', new Uint8Array(5)],
    ['cut inside its runs', packSnapshot(sparse(8 * 4096, [[100, 5000]])).subarray(0, 3000)],
    ['with bytes left over', Uint8Array.from([...packSnapshot(sparse(4096, [[1, 2]])), 0])],
  ])('refuses what is not one: %s', (_, packed) => {
    expect(() => unpackSnapshot(packed)).toThrow(/malformed/);
  });
});

/** Just enough of Cache Storage for one store: caches.open, match, put, keys, delete. */
function fakeCaches() {
  const entries = new Map<string, Response>();
  const cache = {
    match: async (url: string) => entries.get(url)?.clone(),
    put: async (url: string, response: Response) => void entries.set(url, response),
    keys: async () => [...entries.keys()].map((url) => new Request(url)),
    delete: async (request: Request | string) =>
      entries.delete(typeof request === 'string' ? request : request.url),
  };
  const opened: string[] = [];
  const storage = {
    open: async (name: string) => {
      opened.push(name);
      return cache;
    },
  };
  return { storage, entries, opened };
}

describe('cacheSnapshotStore', () => {
  it('saves the packed form and finds the snapshot again', async () => {
    const { storage, entries, opened } = fakeCaches();
    (globalThis as { caches?: unknown }).caches = storage;
    try {
      const store = cacheSnapshotStore('build-1', { base: 'https://pyregex.test/assets/w.js' });
      expect(store).not.toBeNull();
      expect(await store!.find()).toBeNull();
      const snapshot = sparse(64 * 4096, [[4096, 50_000]]);
      await store!.save(snapshot);
      expect(opened.every((name) => name === SNAPSHOT_CACHE)).toBe(true);
      const [stored] = [...entries.values()];
      const body = new Uint8Array(await stored!.clone().arrayBuffer());
      expect(body.length).toBeLessThan(snapshot.length / 4);
      expect(await (await store!.find())!.bytes).toEqual(snapshot);

      // Cut short: the size it was saved with is not what is there.
      const [url] = [...entries.keys()];
      entries.set(
        url!,
        new Response(body.slice(0, 1000), {
          headers: { 'X-Pyregex-Snapshot-Bytes': String(body.length) },
        }),
      );
      await expect((await store!.find())!.bytes).rejects.toBeInstanceOf(SnapshotCutShort);
    } finally {
      delete (globalThis as { caches?: unknown }).caches;
    }
  });
});
