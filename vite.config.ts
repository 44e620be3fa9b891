/// <reference types="vitest/config" />
/**
 * Build, dev/preview servers and Vitest for the page in web/. Pyodide's runtime files (from the npm
 * package) and our pyregex wheel (built by scripts/build-wheel.mjs) are served from our own origin
 * under `pyodide/`, and every server sends the cross-origin isolation headers the interrupt buffer
 * needs. This config must never reference another origin: the page makes no third-party request.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import type { ManifestTransform } from 'workbox-build';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { errorReportsURL, ISOLATION_HEADERS, PRODUCTION_HEADERS } from './scripts/headers.mjs';
import {
  DEFAULT_RUNTIME,
  RUNTIMES,
  type RuntimeInfo as Runtime,
} from './web/src/lib/engine/runtimes.ts';
import { COMPRESSIBLE, precompress } from './web/src/lib/offline/precompress.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const fromRoot = (...parts: string[]) => path.join(root, ...parts).replaceAll(path.sep, '/');

/**
 * What one runtime's Pyodide needs at run time; the rest of its npm package (d.ts, maps, console)
 * is not shipped. Releases up to 0.28 (CPython 3.13) ship their runtime as a classic script,
 * `pyodide.asm.js` (the loader imports it into the module worker all the same), later ones as
 * `pyodide.asm.mjs`. The engine worker fetches each of them at start-up.
 */
function pyodideRuntimeFiles(runtime: Runtime): string[] {
  const asm = existsSync(fromRoot('node_modules', runtime.package, 'pyodide.asm.mjs'))
    ? 'pyodide.asm.mjs'
    : 'pyodide.asm.js';
  return [asm, 'pyodide.asm.wasm', STDLIB_FILE, 'pyodide-lock.json'];
}

const WHEEL_DIR = fromRoot('.cache', 'wheel');

/**
 * The build ships each runtime's trimmed, precompiled standard library (scripts/build-stdlib.mjs,
 * run by `npm run build`, writes one per runtime key), gzipped whole as `python_stdlib.zip.gz`
 * (its members are stored; the engine inflates it, see gzippedArchives.ts), and the same for the
 * wheel; the dev server keeps Pyodide's full zip and the wheel as pip built it, so a new import in
 * py/ works there before the next build.
 */
const BUILDING = process.argv.includes('build');
const STDLIB_DIR = fromRoot('.cache', 'stdlib');
const STDLIB_ZIP = 'python_stdlib.zip';
/** The standard library's file in each runtime's folder (`__PYREGEX_STDLIB__`, engineAssets.ts). */
const STDLIB_FILE = BUILDING ? `${STDLIB_ZIP}.gz` : STDLIB_ZIP;

function runtimeStdlibDir(runtime: Runtime): string {
  return path.join(STDLIB_DIR, runtime.key);
}

function pyodideRuntimeFile(runtime: Runtime, file: string): string {
  if (file === STDLIB_FILE && BUILDING) {
    const trimmed = path.join(runtimeStdlibDir(runtime), file);
    if (!existsSync(trimmed)) {
      throw new Error(`No ${trimmed}: run \`npm run build:stdlib\` first (npm run build does).`);
    }
    return trimmed;
  }
  return fromRoot('node_modules', runtime.package, file);
}

interface WheelManifest {
  fileName: string;
  version: string;
  sha256: string;
  bytes: number;
}

function readWheelManifest(): WheelManifest | null {
  const file = path.join(WHEEL_DIR, 'wheel.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as WheelManifest) : null;
}

/**
 * The wheel file a runtime ships. The build ships build-stdlib's copy for that runtime, the same
 * wheel with its bytecode (compiled by that runtime's CPython) added, and refuses one compiled
 * from another wheel than the one just built; the dev server ships the wheel as pip built it.
 */
function shippedWheelFile(runtime: Runtime, wheel: WheelManifest): string {
  if (!BUILDING) return path.join(WHEEL_DIR, wheel.fileName);
  return path.join(compiledWheelDir(runtime, wheel), shippedWheelName(wheel));
}

/** The folder of build-stdlib's copy of `wheel` for `runtime`, refusing a stale one. */
function compiledWheelDir(runtime: Runtime, wheel: WheelManifest): string {
  const dir = runtimeStdlibDir(runtime);
  const manifestFile = path.join(dir, 'stdlib.json');
  const compiled = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { wheel?: { compiledFrom: string } }).wheel
    : undefined;
  if (compiled?.compiledFrom !== wheel.sha256) {
    throw new Error(
      `No compiled copy of ${wheel.fileName} in ${dir}: run \`npm run build:stdlib\` after \`npm run build:wheel\` (npm run build does).`,
    );
  }
  return dir;
}

/** The wheel's file name in each runtime's folder (`__PYREGEX_WHEEL__`, engineAssets.ts). */
function shippedWheelName(wheel: WheelManifest): string {
  return BUILDING ? `${wheel.fileName}.gz` : wheel.fileName;
}

/**
 * Names the exact engine a runtime of this build ships (its Pyodide, its trimmed stdlib, its
 * wheel): a memory snapshot taken by one must never be restored by another, be it another build
 * or another runtime (see engineSnapshot.ts). The dev server rebuilds the wheel on every change,
 * so it has no ids and boots afresh every time.
 */
function engineBuildIds(wheel: WheelManifest | null): Record<string, string> {
  if (!BUILDING || wheel === null) return {};
  const ids: Record<string, string> = {};
  for (const runtime of RUNTIMES) {
    const hash = createHash('sha256');
    const pyodide = JSON.parse(
      readFileSync(fromRoot('node_modules', runtime.package, 'package.json'), 'utf8'),
    ) as { version: string };
    hash.update(`runtime ${runtime.key}\npyodide ${pyodide.version}\nwheel `);
    hash.update(readFileSync(shippedWheelFile(runtime, wheel)));
    hash.update('\nstdlib ');
    hash.update(readFileSync(pyodideRuntimeFile(runtime, STDLIB_FILE)));
    ids[runtime.key] = hash.digest('hex').slice(0, 32);
  }
  return ids;
}

/**
 * The revision the service worker's precache gives each of a runtime's files, by file name:
 * workbox's own (the file's MD5), computed from the file the build copies, so that the engine's
 * worker can read the default runtime's files from the precache itself (cachedEngineFiles.ts).
 * `checkPrecacheRevisions` makes the build fail should workbox ever give one another revision.
 */
function precacheRevisions(runtime: Runtime, wheel: WheelManifest | null): Record<string, string> {
  if (!BUILDING || wheel === null) return {};
  const files: [string, string][] = pyodideRuntimeFiles(runtime).map((file) => [
    file,
    pyodideRuntimeFile(runtime, file),
  ]);
  files.push([shippedWheelName(wheel), shippedWheelFile(runtime, wheel)]);
  return Object.fromEntries(
    files.map(([name, file]) => [name, createHash('md5').update(readFileSync(file)).digest('hex')]),
  );
}

/**
 * The service worker's cache for runtimes other than the default (fetched the first time they
 * are chosen, see sw.ts): named after what they hold, so a build that ships other runtime files
 * gets a new cache and the old one is deleted.
 */
function runtimeCacheName(ids: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const runtime of RUNTIMES) hash.update(`${runtime.key} ${ids[runtime.key] ?? 'dev'}\n`);
  return `pyregex-runtimes-${hash.digest('hex').slice(0, 16)}`;
}

/**
 * Tells the page the wheel's file name (`__PYREGEX_WHEEL__`, see engineAssets.ts), each runtime's
 * engine build id (`__PYREGEX_ENGINE_BUILDS__`, see engineWorkerMain.ts), the service worker's
 * runtime cache (`__PYREGEX_RUNTIME_CACHE__`, see sw.ts) and the precache's revision of each
 * default-runtime file (`__PYREGEX_PRECACHE_REVISIONS__`, see cachedEngineFiles.ts), refuses to
 * build or serve without a wheel, and in dev rebuilds the wheel when a file under py/pyregex
 * changes.
 */
function pyregexWheel(): Plugin {
  return {
    name: 'pyregex-wheel',
    config(_config, { command }) {
      const wheel = readWheelManifest();
      const engineBuilds = engineBuildIds(wheel);
      if (wheel === null && !process.env.VITEST) {
        throw new Error(
          `No pyregex wheel in ${WHEEL_DIR}: run \`npm run build:wheel\` first (npm run dev/build do).`,
        );
      }
      if (command === 'serve' && wheel && !process.env.VITEST) {
        console.log(`pyregex wheel: ${wheel.fileName}`);
      }
      return {
        define: {
          __PYREGEX_WHEEL__: JSON.stringify(wheel ? shippedWheelName(wheel) : ''),
          __PYREGEX_STDLIB__: JSON.stringify(STDLIB_FILE),
          __PYREGEX_ENGINE_BUILDS__: JSON.stringify(engineBuilds),
          __PYREGEX_RUNTIME_CACHE__: JSON.stringify(runtimeCacheName(engineBuilds)),
          __PYREGEX_PRECACHE_REVISIONS__: JSON.stringify(defaultPrecacheRevisions),
          __PYREGEX_DEFAULT_RUNTIME__: JSON.stringify(DEFAULT_RUNTIME),
          __PYREGEX_RUNTIME_FILES__: JSON.stringify(
            Object.fromEntries(
              RUNTIMES.map((runtime) => [
                runtime.key,
                [...pyodideRuntimeFiles(runtime), ...(wheel ? [shippedWheelName(wheel)] : [])],
              ]),
            ),
          ),
        },
      };
    },
    configureServer(server) {
      const pyDir = fromRoot('py', 'pyregex');
      let building = false;
      let again = false;
      const rebuild = (): void => {
        if (building) {
          again = true; // one more build once this one ends, for the newest sources
          return;
        }
        building = true;
        const child = spawn(process.execPath, [fromRoot('scripts', 'build-wheel.mjs')], {
          stdio: 'inherit',
        });
        child.on('exit', (code) => {
          building = false;
          if (code === 0) server.ws.send({ type: 'full-reload' });
          if (again) {
            again = false;
            rebuild();
          }
        });
      };
      server.watcher.add(pyDir);
      server.watcher.on('all', (_event, file) => {
        if (file.startsWith(pyDir) && file.endsWith('.py')) rebuild();
      });
    },
  };
}

/**
 * Static hosts that read `_headers` (Netlify, Cloudflare Pages) send the production headers
 * (scripts/headers.mjs: isolation and the Content-Security-Policy) too.
 */
function headersFile(): Plugin {
  return {
    name: 'pyregex-headers-file',
    apply: 'build',
    generateBundle() {
      const lines = Object.entries(PRODUCTION_HEADERS).map(
        ([name, value]) => `  ${name}: ${value}`,
      );
      this.emitFile({
        type: 'asset',
        fileName: '_headers',
        source: ['/*', ...lines, ''].join('\n'),
      });
    },
  };
}

const wheelManifest = readWheelManifest();

/** One folder per runtime, `pyodide/<key>/`: its Pyodide files, its stdlib, its wheel. */
const runtimeCopies = RUNTIMES.map((runtime) => ({
  src: [
    ...pyodideRuntimeFiles(runtime).map((file) => pyodideRuntimeFile(runtime, file)),
    ...(wheelManifest ? [shippedWheelFile(runtime, wheelManifest)] : []),
  ],
  dest: `pyodide/${runtime.key}`,
}));
const defaultRuntime = RUNTIMES.find((runtime) => runtime.key === DEFAULT_RUNTIME);
if (defaultRuntime === undefined) throw new Error(`runtimes.json: no runtime ${DEFAULT_RUNTIME}`);
/**
 * The default runtime's precache revisions, read and hashed once (13 MB of files): the page's
 * `__PYREGEX_PRECACHE_REVISIONS__` and the manifest check below both use them.
 */
const defaultPrecacheRevisions = precacheRevisions(defaultRuntime, wheelManifest);

/** Fails the build if the precache gives a default runtime's file another revision than ours. */
const checkPrecacheRevisions: ManifestTransform = async (entries) => {
  const ours = defaultPrecacheRevisions;
  const folder = `pyodide/${DEFAULT_RUNTIME}/`;
  for (const entry of entries) {
    if (!entry.url.startsWith(folder)) continue;
    const file = entry.url.slice(folder.length);
    if (entry.revision !== ours[file]) {
      throw new Error(
        `The precache gives ${entry.url} the revision ${entry.revision}, the engine expects ${ours[file]} (precacheRevisions).`,
      );
    }
  }
  return { manifest: entries, warnings: [] };
};

export default defineConfig({
  root: fromRoot('web'),
  // Relative asset URLs, so the build also works from a sub-folder (e.g. a GitHub Pages project site).
  base: './',
  build: { outDir: fromRoot('dist'), emptyOutDir: true },
  define: {
    // Where the page may send error reports once the user turns them on: unset by default, and
    // then reports do not exist (see web/src/lib/diagnostics/errorReports.ts). Its origin
    // joins the CSP's connect-src (scripts/headers.mjs), checked to be https there.
    __PYREGEX_ERROR_REPORTS_URL__: JSON.stringify(errorReportsURL()),
  },
  plugins: [
    svelte({ configFile: fromRoot('svelte.config.js') }),
    pyregexWheel(),
    headersFile(),
    viteStaticCopy({ targets: runtimeCopies }),
    // The service worker (web/src/lib/offline/sw.ts -> dist/sw.js): precaches exactly what a
    // first visit loads (the default runtime only), so a second visit starts from the cache and
    // works offline; other runtimes are cached by it when first used. Registered by mountPage.ts in
    // production builds only; no web app manifest (nothing to install, no icons).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/lib/offline',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: [
          'index.html',
          'theme-init.js',
          'assets/*.{js,css}',
          ...pyodideRuntimeFiles(defaultRuntime).map(
            (file) => `pyodide/${DEFAULT_RUNTIME}/${file}`,
          ),
          `pyodide/${DEFAULT_RUNTIME}/pyregex-*.whl.gz`,
        ],
        // Precompressed siblings are for the HTTP server; the cache holds what the page received
        // (the gzipped archives, python_stdlib.zip.gz and the wheel's, are files of their own).
        // Vite's stub for Node built-ins that Pyodide imports only when it runs in Node: never fetched.
        // The other runtimes' worker scripts come with their runtime, when first used (sw.ts).
        globIgnores: [
          '**/*.br',
          `**/*.{${[...COMPRESSIBLE].map((extension) => extension.slice(1)).join(',')}}.gz`,
          'assets/__vite-browser-external-*',
          ...RUNTIMES.filter((runtime) => runtime.key !== DEFAULT_RUNTIME).map(
            (runtime) => `assets/engine-${runtime.key}.worker-*.js`,
          ),
        ],
        // pyodide.asm.wasm is 9.6 MB.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        manifestTransforms: [checkPrecacheRevisions],
      },
    }),
    // The runtimes of the other versions are downloaded once, by those who choose them: quicker
    // compression for them (precompress.ts, FAST_ENCODINGS), the best for the default's.
    precompress({
      cacheDir: fromRoot('.cache', 'precompress'),
      fast: (file) =>
        file.startsWith('pyodide/') && !file.startsWith(`pyodide/${DEFAULT_RUNTIME}/`),
    }),
  ],
  // Pyodide 0.25's loader imports node-fetch in Node only (never in the worker): a stub for it.
  resolve: {
    alias: { 'node-fetch': fromRoot('web', 'src', 'lib', 'engine', 'workers', 'nodeOnly.ts') },
  },
  // Pyodide locates its files itself; pre-bundling it breaks that.
  optimizeDeps: { exclude: RUNTIMES.map((runtime) => runtime.package) },
  worker: { format: 'es' },
  // The dev server cannot run under the CSP (hot reload injects code); preview serves the build
  // exactly as production does.
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: PRODUCTION_HEADERS },
  test: {
    dir: fromRoot('web', 'src'),
    include: ['**/*.test.ts'],
    environment: 'node',
    // The runtime tests load real Pyodide (a few seconds each) and build the wheel.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
