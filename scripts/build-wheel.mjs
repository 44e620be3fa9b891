// Builds the pyregex wheel (py/pyregex) with `pip wheel` and writes a manifest next to it, so the
// build and the dev server can ship it beside Pyodide's files and the page knows its file name.
// It must never install anything or touch dist/: it only fills its output folder.
//
// Usage: node scripts/build-wheel.mjs [--out <dir>]   (default: .cache/wheel)
// Output: <dir>/pyregex-<version>-py3-none-any.whl and <dir>/wheel.json
//         ({ fileName, version, sha256, bytes }).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_WHEEL_DIR = path.join(root, '.cache', 'wheel');
export const MANIFEST_NAME = 'wheel.json';

function python() {
  const venv = path.join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/** Builds the wheel into `outDir` (replacing earlier pyregex wheels there) and returns its manifest. */
export function buildWheel(outDir = DEFAULT_WHEEL_DIR) {
  mkdirSync(outDir, { recursive: true });
  // Only our own outputs are removed, so a mistaken --out can never wipe a folder.
  for (const name of readdirSync(outDir)) {
    if (name === MANIFEST_NAME || /^pyregex-.+\.whl$/.test(name)) rmSync(path.join(outDir, name));
  }
  const run = spawnSync(
    python(),
    ['-m', 'pip', 'wheel', '.', '--no-deps', '--disable-pip-version-check', '-q', '-w', outDir],
    { cwd: root, encoding: 'utf8' },
  );
  // pip on this kind of machine warns about configured mirror folders that do not exist: noise.
  const stderr = (run.stderr ?? '')
    .split('\n')
    .filter((line) => line && !line.startsWith("WARNING: Location 'file:"))
    .join('\n');
  if (run.error) throw run.error;
  if (run.status !== 0) {
    throw new Error(`pip wheel failed (exit ${run.status}):\n${run.stdout ?? ''}${stderr}`);
  }
  if (stderr) console.error(stderr);

  const wheels = readdirSync(outDir).filter((name) => /^pyregex-.+-py3-none-any\.whl$/.test(name));
  if (wheels.length !== 1) {
    throw new Error(`expected one pure-Python pyregex wheel in ${outDir}, found: ${wheels}`);
  }
  const fileName = /** @type {string} */ (wheels[0]);
  const bytes = readFileSync(path.join(outDir, fileName));
  const manifest = {
    fileName,
    version: fileName.split('-')[1],
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
  writeFileSync(path.join(outDir, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : DEFAULT_WHEEL_DIR;
  const started = performance.now();
  const manifest = buildWheel(outDir);
  const ms = Math.round(performance.now() - started);
  console.log(
    `built ${path.relative(root, path.join(outDir, manifest.fileName))} (${manifest.bytes} B, ${ms} ms)`,
  );
}
