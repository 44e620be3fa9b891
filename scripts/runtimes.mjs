// The CPython runtimes the page ships, as the Node scripts see them: read from
// web/src/lib/engine/runtimes.json (the one list; the page reads it through runtimes.ts), never
// repeated here. It knows where each runtime's npm package lives and how to boot it in Node; it
// never builds or downloads anything. Run as a script it prints the keys, one a line (test.sh),
// or with --json as one JSON array (CI's matrix).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const table = JSON.parse(
  readFileSync(path.join(root, 'web', 'src', 'lib', 'engine', 'runtimes.json'), 'utf8'),
);

/**
 * @typedef {{ key: string, python: string, package: string, pyodide: string, prerelease: boolean }} Runtime
 */

/** @type {Runtime[]} every shipped runtime, oldest CPython first */
export const RUNTIMES = table.runtimes;

/** @type {string} the key of the runtime a first visit loads (e.g. "3.14") */
export const DEFAULT_RUNTIME = table.default;

/** The runtime with this key; throws, naming the known keys, for any other. */
export function runtime(key) {
  const found = RUNTIMES.find((entry) => entry.key === key);
  if (!found) {
    throw new Error(`No runtime ${key}: the runtimes are ${RUNTIMES.map((r) => r.key).join(', ')}`);
  }
  return found;
}

/** The folder of the runtime's npm package (its pyodide.mjs, python_stdlib.zip, …). */
export function packageDir(key) {
  return path.join(root, 'node_modules', runtime(key).package);
}

/** The version of Pyodide actually installed for the runtime (its package.json). */
export function installedVersion(key) {
  return JSON.parse(readFileSync(path.join(packageDir(key), 'package.json'), 'utf8')).version;
}

/**
 * Boots the runtime in Node: its own loadPyodide with its own indexURL. `options` go to
 * loadPyodide as they are (stdLibURL, stdout, …: every shipped release takes those).
 * One Node process can boot one Pyodide release only: an older release's pyodide.asm.js leaves
 * globals behind that make the next release's WebAssembly fail to link (`capture_stderr`), so a
 * script that visits several runtimes runs one child process per runtime.
 */
export async function loadPyodideFor(key, options = {}) {
  const dir = packageDir(key);
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, 'pyodide.mjs')).href);
  return loadPyodide({ indexURL: dir + path.sep, ...options });
}

/**
 * The runtimes a script was asked for: `--runtime <key>` (repeatable) taken out of `args`, or
 * every runtime when there is none.
 */
export function takeRuntimeArgs(args) {
  const keys = [];
  for (let at = args.indexOf('--runtime'); at >= 0; at = args.indexOf('--runtime')) {
    const [, key] = args.splice(at, 2);
    if (key === undefined) throw new Error('--runtime needs a key, e.g. --runtime 3.12');
    keys.push(runtime(key).key);
  }
  return keys.length > 0 ? keys : RUNTIMES.map((entry) => entry.key);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const keys = RUNTIMES.map((entry) => entry.key);
  // --json: one JSON array, for CI's job matrix (.github/workflows/ci.yml).
  if (process.argv.includes('--json')) console.log(JSON.stringify(keys));
  else for (const key of keys) console.log(key);
}
