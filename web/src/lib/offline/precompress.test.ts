import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCompressible, precompressDirectory } from './precompress';

let dir: string;
let cacheDir: string;

beforeEach(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'precompress-'));
  dir = path.join(root, 'dist');
  cacheDir = path.join(root, 'cache');
  await mkdir(path.join(dir, 'pyodide'), { recursive: true });
});

afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const text = (n: number) => 'const answer = 42; // pyregex\n'.repeat(n);

describe('isCompressible', () => {
  it('takes text and wasm, not archives or images', () => {
    for (const file of [
      'index.html',
      'a.js',
      'p/pyodide.asm.mjs',
      'x.CSS',
      'lock.json',
      'a.wasm',
    ]) {
      expect(isCompressible(file), file).toBe(true);
    }
    for (const file of [
      'python_stdlib.zip',
      'pyregex-0.1.0-py3-none-any.whl',
      'a.png',
      'a.js.br',
    ]) {
      expect(isCompressible(file), file).toBe(false);
    }
  });
});

describe('precompressDirectory', () => {
  it('writes .br and .gz siblings that decompress to the original, in sub-folders too', async () => {
    const js = text(200);
    await writeFile(path.join(dir, 'index.html'), `<!doctype html>${text(100)}`);
    await writeFile(path.join(dir, 'pyodide', 'pyodide.asm.mjs'), js);

    const result = await precompressDirectory(dir);

    expect(result.written).toEqual([
      'index.html.br',
      'index.html.gz',
      'pyodide/pyodide.asm.mjs.br',
      'pyodide/pyodide.asm.mjs.gz',
    ]);
    const br = await readFile(path.join(dir, 'pyodide', 'pyodide.asm.mjs.br'));
    const gz = await readFile(path.join(dir, 'pyodide', 'pyodide.asm.mjs.gz'));
    expect(zlib.brotliDecompressSync(br).toString()).toBe(js);
    expect(zlib.gunzipSync(gz).toString()).toBe(js);
    expect(result.brotliBytes).toBeLessThan(result.originalBytes);
  });

  it('skips archives, tiny files and files that would not shrink', async () => {
    await writeFile(path.join(dir, 'pyodide', 'python_stdlib.zip'), text(200));
    await writeFile(path.join(dir, 'tiny.css'), 'a{}');
    await writeFile(path.join(dir, 'noise.wasm'), randomBytes(64 * 1024));

    const result = await precompressDirectory(dir);

    expect(result.written).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(['noise.wasm', 'pyodide', 'tiny.css']);
  });

  it('reuses cached results for the same content and prunes old unused ones', async () => {
    await writeFile(path.join(dir, 'a.js'), text(300));
    await precompressDirectory(dir, cacheDir);
    const entries = (await readdir(cacheDir)).sort();
    expect(entries).toHaveLength(2);

    // A cached result is used as it is: prove it by planting a marker in the cache.
    const brEntry = entries.find((name) => name.endsWith('brotli-q11')) ?? '';
    await writeFile(path.join(cacheDir, brEntry), 'from the cache');
    await precompressDirectory(dir, cacheDir);
    expect((await readFile(path.join(dir, 'a.js.br'))).toString()).toBe('from the cache');

    // Entries in use are kept however old they are.
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const name of entries) await utimes(path.join(cacheDir, name), old, old);
    await precompressDirectory(dir, cacheDir);
    expect((await readdir(cacheDir)).sort()).toEqual(entries);

    // New content: the old entries stay while recent (another build may use them), then go.
    for (const name of entries) await utimes(path.join(cacheDir, name), new Date(), new Date());
    await writeFile(path.join(dir, 'a.js'), text(301));
    await precompressDirectory(dir, cacheDir);
    expect(await readdir(cacheDir)).toHaveLength(4);
    for (const name of entries) await utimes(path.join(cacheDir, name), old, old);
    await precompressDirectory(dir, cacheDir);
    const left = await readdir(cacheDir);
    expect(left).toHaveLength(2);
    expect(left.some((name) => entries.includes(name))).toBe(false);
  });
});

describe('quicker compression for the files `fast` picks', () => {
  it('uses the fast settings for them only, with siblings that still decompress exactly', async () => {
    const js = text(300);
    await mkdir(path.join(dir, 'pyodide', '3.12'), { recursive: true });
    await writeFile(path.join(dir, 'pyodide', '3.12', 'pyodide.asm.js'), js);
    await writeFile(path.join(dir, 'pyodide', 'pyodide.asm.mjs'), js);

    await precompressDirectory(dir, cacheDir, (file) => file.startsWith('pyodide/3.12/'));

    const settings = (await readdir(cacheDir)).map((name) => name.split('.').at(-1)).sort();
    // The same content twice: once at the best settings, once at the fast ones.
    expect(settings).toEqual(['brotli-q11', 'brotli-q7', 'gzip-6', 'gzip-9']);
    const br = await readFile(path.join(dir, 'pyodide', '3.12', 'pyodide.asm.js.br'));
    expect(zlib.brotliDecompressSync(br).toString()).toBe(js);
    const gz = await readFile(path.join(dir, 'pyodide', '3.12', 'pyodide.asm.js.gz'));
    expect(zlib.gunzipSync(gz).toString()).toBe(js);
  });
});
