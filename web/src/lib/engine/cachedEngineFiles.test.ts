/**
 * The engine reads a file from the service worker's caches only under the very key the service
 * worker keeps it (workbox's own precache key for the file's revision, or the plain URL in this
 * build's runtime cache), and fetches everything else as before.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCacheKey } from 'workbox-precaching/utils/createCacheKey.js';
import { cachedFirst, precacheKey, serviceWorkerCaches } from './cachedEngineFiles';

const FOLDER = 'https://pyregex.test/app/pyodide/3.14/';
const REVISIONS = { 'pyodide.asm.wasm': '0123abcd', 'pyregex-0.1.0-py3-none-any.whl.gz': 'ffee' };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('precacheKey', () => {
  it('is the key workbox precaches the file under', () => {
    vi.stubGlobal('location', { href: 'https://pyregex.test/app/sw.js' });
    for (const [file, revision] of Object.entries(REVISIONS)) {
      const { cacheKey } = createCacheKey({ url: `pyodide/3.14/${file}`, revision });
      expect(precacheKey(`${FOLDER}${file}`, FOLDER, REVISIONS)).toBe(cacheKey);
    }
  });

  it('is null for any other file, folder, origin or a URL with a query', () => {
    expect(precacheKey(`${FOLDER}pyodide.asm.mjs`, FOLDER, REVISIONS)).toBeNull();
    expect(precacheKey(`${FOLDER}../3.12/pyodide.asm.wasm`, FOLDER, REVISIONS)).toBeNull();
    expect(
      precacheKey('https://pyregex.test/app/pyodide/3.12/pyodide.asm.wasm', FOLDER, REVISIONS),
    ).toBeNull();
    expect(
      precacheKey('https://elsewhere.test/app/pyodide/3.14/pyodide.asm.wasm', FOLDER, REVISIONS),
    ).toBeNull();
    expect(precacheKey(`${FOLDER}pyodide.asm.wasm?v=2`, FOLDER, REVISIONS)).toBeNull();
  });
});

/** Just enough of Cache Storage: `match` over entries, by key and optionally by cache name. */
function fakeCaches(entries: Record<string, Record<string, Response>>) {
  return {
    match: vi.fn(async (key: string, options?: { cacheName?: string }) => {
      const names = options?.cacheName === undefined ? Object.keys(entries) : [options.cacheName];
      for (const name of names) {
        const hit = entries[name]?.[key];
        if (hit !== undefined) return hit;
      }
      return undefined;
    }),
  };
}

describe('serviceWorkerCaches', () => {
  it("finds the default runtime's files under their revision, and nothing else", async () => {
    const wasm = new Response('wasm');
    const key = precacheKey(`${FOLDER}pyodide.asm.wasm`, FOLDER, REVISIONS)!;
    // An older build's copy under the plain URL, and another revision, are never read.
    const caches = fakeCaches({
      precache: { [key]: wasm, [`${FOLDER}pyodide.asm.wasm?__WB_REVISION__=old`]: new Response() },
      other: { [`${FOLDER}pyodide.asm.mjs`]: new Response('old script') },
    });
    vi.stubGlobal('caches', caches);
    const cached = serviceWorkerCaches({ precacheRevisions: REVISIONS })(FOLDER);
    expect(await cached(`${FOLDER}pyodide.asm.wasm`)).toBe(wasm);
    expect(await cached(`${FOLDER}pyodide.asm.mjs`)).toBeUndefined();
    expect(caches.match).toHaveBeenCalledTimes(1);
  });

  it("finds another runtime's files in this build's runtime cache only", async () => {
    const url = 'https://pyregex.test/app/pyodide/3.12/pyodide.asm.wasm';
    const ours = new Response('3.12 wasm');
    vi.stubGlobal(
      'caches',
      fakeCaches({
        'pyregex-runtimes-old': { [url]: new Response('an older build') },
        'pyregex-runtimes-new': { [url]: ours },
      }),
    );
    const folder = 'https://pyregex.test/app/pyodide/3.12/';
    const cached = serviceWorkerCaches({ runtimeCache: 'pyregex-runtimes-new' })(folder);
    expect(await cached(url)).toBe(ours);
    expect(await cached('https://pyregex.test/app/index.html')).toBeUndefined();
  });

  it('finds nothing where there is no Cache Storage', async () => {
    const cached = serviceWorkerCaches({ precacheRevisions: REVISIONS })(FOLDER);
    expect(await cached(`${FOLDER}pyodide.asm.wasm`)).toBeUndefined();
  });
});

describe('cachedFirst', () => {
  const network = () => vi.fn(async () => new Response('from the network'));

  it('answers a cached file from the cache without asking the network', async () => {
    const fetch = network();
    const copy = new Response('cached');
    const wrapped = cachedFirst(fetch, async () => copy);
    expect(await wrapped(`${FOLDER}pyodide.asm.wasm`)).toBe(copy);
    expect(await wrapped(new Request(`${FOLDER}pyodide.asm.wasm`))).toBe(copy);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks the network for what is not cached, or not whole, or cannot be looked up', async () => {
    for (const lookup of [
      async () => undefined,
      async () => new Response('gone', { status: 404 }),
      async () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    ]) {
      const fetch = network();
      const response = await cachedFirst(fetch, lookup)(`${FOLDER}pyodide.asm.wasm`, {
        credentials: 'same-origin',
      });
      expect(await response.text()).toBe('from the network');
      expect(fetch).toHaveBeenCalledWith(`${FOLDER}pyodide.asm.wasm`, {
        credentials: 'same-origin',
      });
    }
  });

  it('never answers anything but a GET from the cache', async () => {
    const fetch = network();
    const lookup = vi.fn(async () => new Response('cached'));
    const wrapped = cachedFirst(fetch, lookup);
    await wrapped(`${FOLDER}pyodide.asm.wasm`, { method: 'POST', body: 'x' });
    await wrapped(new Request(`${FOLDER}pyodide.asm.wasm`, { method: 'HEAD' }));
    expect(lookup).not.toHaveBeenCalled();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
