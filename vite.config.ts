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
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { errorReportsURL, ISOLATION_HEADERS, PRODUCTION_HEADERS } from './scripts/headers.mjs';
import { precompress } from './web/src/lib/offline/precompress.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const fromRoot = (...parts: string[]) => path.join(root, ...parts).replaceAll(path.sep, '/');

/**
 * What Pyodide needs at run time; the rest of the npm package (d.ts, maps, console) is not shipped.
 * The engine worker fetches each of them at start-up, so the service worker precaches them all.
 */
const PYODIDE_RUNTIME_FILES = [
  'pyodide.asm.mjs',
  'pyodide.asm.wasm',
  'python_stdlib.zip',
  'pyodide-lock.json',
];

const WHEEL_DIR = fromRoot('.cache', 'wheel');

/**
 * The build ships the trimmed, precompiled standard library (scripts/build-stdlib.mjs, run by
 * `npm run build`) under Pyodide's own file name; the dev server keeps the full one, so a new
 * import in py/ works there before the next build.
 */
const BUILDING = process.argv.includes('build');
// build-stdlib writes one folder per runtime; the page ships the default runtime's for now.
const DEFAULT_RUNTIME = (
  JSON.parse(readFileSync(fromRoot('web', 'src', 'lib', 'engine', 'runtimes.json'), 'utf8')) as {
    default: string;
  }
).default;
const STDLIB_DIR = fromRoot('.cache', 'stdlib', DEFAULT_RUNTIME);
const TRIMMED_STDLIB = path.join(STDLIB_DIR, 'python_stdlib.zip');

function pyodideRuntimeFile(file: string): string {
  if (file === 'python_stdlib.zip' && BUILDING) {
    if (!existsSync(TRIMMED_STDLIB)) {
      throw new Error(
        `No ${TRIMMED_STDLIB}: run \`npm run build:stdlib\` first (npm run build does).`,
      );
    }
    return TRIMMED_STDLIB;
  }
  return fromRoot('node_modules', 'pyodide', file);
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
 * The wheel file the page ships. The build ships build-stdlib's copy, the same wheel with its
 * bytecode added, and refuses one compiled from another wheel than the one just built; the dev
 * server ships the wheel as pip built it.
 */
function shippedWheelFile(wheel: WheelManifest): string {
  if (!BUILDING) return path.join(WHEEL_DIR, wheel.fileName);
  const manifestFile = path.join(STDLIB_DIR, 'stdlib.json');
  const compiled = existsSync(manifestFile)
    ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { wheel?: { compiledFrom: string } }).wheel
    : undefined;
  if (compiled?.compiledFrom !== wheel.sha256) {
    throw new Error(
      `No compiled copy of ${wheel.fileName} in ${STDLIB_DIR}: run \`npm run build:stdlib\` after \`npm run build:wheel\` (npm run build does).`,
    );
  }
  return path.join(STDLIB_DIR, wheel.fileName);
}

/**
 * Names the exact engine a build ships (Pyodide, the trimmed stdlib, the wheel): a memory snapshot
 * taken by one build must never be restored by another (see engineSnapshot.ts). The dev server
 * rebuilds the wheel on every change, so it has no id and boots afresh every time.
 */
function engineBuildId(wheel: WheelManifest | null): string {
  if (!BUILDING || wheel === null) return '';
  const hash = createHash('sha256');
  const pyodide = JSON.parse(
    readFileSync(fromRoot('node_modules', 'pyodide', 'package.json'), 'utf8'),
  ) as { version: string };
  hash.update(`pyodide ${pyodide.version}\nwheel `);
  hash.update(readFileSync(shippedWheelFile(wheel)));
  hash.update('\nstdlib ');
  hash.update(readFileSync(pyodideRuntimeFile('python_stdlib.zip')));
  return hash.digest('hex').slice(0, 32);
}

/**
 * Tells the page the wheel's file name (`__PYREGEX_WHEEL__`, see engineAssets.ts) and the engine's
 * build id (`__PYREGEX_ENGINE_BUILD__`, see engine.worker.ts), refuses to build
 * or serve without a wheel, and in dev rebuilds the wheel when a file under py/pyregex changes.
 */
function pyregexWheel(): Plugin {
  return {
    name: 'pyregex-wheel',
    config(_config, { command }) {
      const wheel = readWheelManifest();
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
          __PYREGEX_WHEEL__: JSON.stringify(wheel?.fileName ?? ''),
          __PYREGEX_ENGINE_BUILD__: JSON.stringify(engineBuildId(wheel)),
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
const shippedWheel = wheelManifest ? shippedWheelFile(wheelManifest) : null;

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
    viteStaticCopy({
      targets: [
        {
          src: [
            ...PYODIDE_RUNTIME_FILES.map(pyodideRuntimeFile),
            ...(shippedWheel ? [shippedWheel] : []),
          ],
          dest: 'pyodide',
        },
      ],
    }),
    // The service worker (web/src/lib/offline/sw.ts -> dist/sw.js): precaches exactly what the
    // page loads, so a second visit starts from the cache and works offline. Registered by
    // main.ts in production builds only; no web app manifest (nothing to install, no icons).
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
          ...PYODIDE_RUNTIME_FILES.map((file) => `pyodide/${file}`),
          'pyodide/pyregex-*.whl',
        ],
        // Precompressed siblings are for the HTTP server; the cache holds what the page received.
        // Vite's stub for Node built-ins that Pyodide imports only when it runs in Node: never fetched.
        globIgnores: ['**/*.br', '**/*.gz', 'assets/__vite-browser-external-*'],
        // pyodide.asm.wasm is 9.6 MB.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      },
    }),
    precompress({ cacheDir: fromRoot('.cache', 'precompress') }),
  ],
  // Pyodide locates its files itself; pre-bundling it breaks that.
  optimizeDeps: { exclude: ['pyodide'] },
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
