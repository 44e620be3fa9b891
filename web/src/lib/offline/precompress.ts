/**
 * A Vite build plugin (Node only, never part of the page): once the build has written dist/,
 * including the files other plugins copied there (Pyodide's runtime, the wheel, the service
 * worker), it writes a brotli (`.br`) and a gzip (`.gz`) sibling next to every compressible file,
 * so a host that serves precompressed files sends them without compressing on the fly.
 *
 * Only text and wasm are compressed (`COMPRESSIBLE`); zip archives (the stdlib, the wheel) and
 * images are compressed already. A sibling that would not be smaller is not written. Brotli runs at
 * its best quality (FAST_ENCODINGS for the files `fast` picks), which takes about half a minute
 * for Pyodide's 9.6 MB wasm, so results are kept
 * in a cache folder by content hash and a rebuild with the same Pyodide costs nothing. Entries no
 * build has used for a while are removed; cache files are written whole (renamed into place), as
 * two builds may share the folder.
 *
 * vite-plugin-compression2 was the maintained alternative, but it only compresses Rollup's own
 * outputs and the public folder, not what vite-plugin-static-copy copies (Pyodide's files).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

/** Extensions worth compressing: text formats and WebAssembly. */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.wasm',
  '.svg',
  '.txt',
]);

/** Files smaller than this are sent as they are (the headers would eat the saving). */
export const MIN_BYTES = 1024;

interface Encoding {
  suffix: '.br' | '.gz';
  /** Part of the cache key: a change of settings must not reuse old results. */
  settings: string;
  compress(bytes: Buffer): Promise<Buffer>;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Brotli at `quality`, with the size hint that lets it size its window to the file. */
function brotliAt(quality: number): Encoding['compress'] {
  return (bytes) =>
    brotli(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
}

/** The best compression: for what a first visit downloads. */
export const ENCODINGS: readonly Encoding[] = [
  { suffix: '.br', settings: 'brotli-q11', compress: brotliAt(zlib.constants.BROTLI_MAX_QUALITY) },
  { suffix: '.gz', settings: 'gzip-9', compress: (bytes) => gzip(bytes, { level: 9 }) },
];

/**
 * Quicker settings, for files only some users download once (the runtimes of the versions that are
 * not the default): brotli at quality 7 is about 12 % larger on Pyodide's wasm than at 11 but an
 * order of magnitude faster, and five runtimes at 11 made a clean build take minutes.
 */
export const FAST_ENCODINGS: readonly Encoding[] = [
  { suffix: '.br', settings: 'brotli-q7', compress: brotliAt(7) },
  { suffix: '.gz', settings: 'gzip-6', compress: (bytes) => gzip(bytes, { level: 6 }) },
];

/** Whether `file` (a path or name) should get compressed siblings, judging by its extension. */
export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.has(path.extname(file).toLowerCase());
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

export interface PrecompressResult {
  /** Siblings written, relative to the folder, e.g. `pyodide/pyodide.asm.wasm.br`. */
  written: string[];
  /** Bytes of the originals that got a brotli sibling, and of those siblings. */
  originalBytes: number;
  brotliBytes: number;
}

/**
 * Writes the `.br` and `.gz` siblings for every compressible file under `dir` (at least
 * MIN_BYTES, and only when smaller). `cacheDir`, if given, keeps compressed results by content.
 */
export async function precompressDirectory(
  dir: string,
  cacheDir?: string,
  /** Which files (by path relative to `dir`, with '/') get FAST_ENCODINGS instead of the best. */
  fast: (relative: string) => boolean = () => false,
): Promise<PrecompressResult> {
  const result: PrecompressResult = { written: [], originalBytes: 0, brotliBytes: 0 };
  if (cacheDir !== undefined) await mkdir(cacheDir, { recursive: true });
  const used = new Set<string>();
  const files = (await filesUnder(dir)).filter(isCompressible).sort();
  await Promise.all(
    files.map(async (file) => {
      const info = await stat(file);
      if (info.size < MIN_BYTES) return;
      const bytes = await readFile(file);
      const digest = createHash('sha256').update(bytes).digest('hex');
      const relative = path.relative(dir, file).replaceAll(path.sep, '/');
      for (const encoding of fast(relative) ? FAST_ENCODINGS : ENCODINGS) {
        const key = `${digest}.${encoding.settings}`;
        const cached = cacheDir === undefined ? undefined : path.join(cacheDir, key);
        used.add(key);
        let packed: Buffer | null =
          cached === undefined ? null : await readFile(cached).catch(() => null);
        if (packed === null) {
          packed = await encoding.compress(bytes);
          if (cached !== undefined) {
            // Whole or not at all: another build sharing the folder may read it meanwhile.
            const partial = `${cached}.${process.pid}.partial`;
            await writeFile(partial, packed);
            await rename(partial, cached);
          }
        }
        if (packed.length >= bytes.length) continue;
        await writeFile(file + encoding.suffix, packed);
        result.written.push(path.relative(dir, file + encoding.suffix).replaceAll(path.sep, '/'));
        if (encoding.suffix === '.br') {
          result.originalBytes += bytes.length;
          result.brotliBytes += packed.length;
        }
      }
    }),
  );
  if (cacheDir !== undefined) await pruneCache(cacheDir, used);
  result.written.sort();
  return result;
}

/** Entries this build did not use and nobody wrote in the last hour (another build may be running). */
async function pruneCache(cacheDir: string, used: Set<string>): Promise<void> {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of await readdir(cacheDir)) {
    if (used.has(name)) continue;
    const file = path.join(cacheDir, name);
    const info = await stat(file).catch(() => null);
    if (info !== null && info.mtimeMs < hourAgo) await rm(file, { force: true });
  }
}

/** The plugin: runs after every other plugin's closeBundle (the service worker is written there). */
export function precompress(
  options: { cacheDir?: string; fast?: (relative: string) => boolean } = {},
): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'pyregex-precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler(error?: Error) {
        if (error) return;
        const outDir = path.resolve(config.root, config.build.outDir);
        const started = Date.now();
        const { written, originalBytes, brotliBytes } = await precompressDirectory(
          outDir,
          options.cacheDir,
          options.fast,
        );
        const mb = (n: number) => (n / 1e6).toFixed(2);
        config.logger.info(
          `precompressed ${written.length} siblings in ${Date.now() - started} ms: ` +
            `${mb(originalBytes)} MB -> ${mb(brotliBytes)} MB with brotli`,
        );
      },
    },
  };
}
