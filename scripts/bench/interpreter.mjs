// Issue 16's figure: the sre interpreter's speed (steps per second) natively and in Pyodide.
// The page runs a steps-only trace after every evaluation and the debugger records up to a million
// steps, so this is what decides how much the page can show within its deadline. Both sides run
// the same Python (scripts/bench/interpreter_speed.py: its workloads, its timing, one warm-up
// before `runs` timed runs of each): natively with the venv's python (py/ on PYTHONPATH), and in
// the default runtime booted in this Node process (loadPyodideFor), py/ mounted read-only.
// Figures are median (min–max) of each run's steps / wall-clock seconds.
// Run on its own: `node scripts/bench/interpreter.mjs [runs] [--py <dir>]` (--py: another
// checkout's py/, e.g. to compare before and after a change).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RUNTIME, loadPyodideFor } from '../runtimes.mjs';
import { summary } from './stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const SCRIPT = path.join(here, 'interpreter_speed.py');

/** steps/s of each run: {median, min, max, n}, and the steps of one run. */
function speeds(figures) {
  const { python, platform, ...workloads } = figures;
  const out = { python, platform, workloads: {} };
  for (const [name, { steps, seconds }] of Object.entries(workloads)) {
    out.workloads[name] = { steps, ...summary(seconds.map((s) => steps / s)) };
  }
  return out;
}

function measureNative(runs, pyDir) {
  const venv = path.join(root, '.venv/bin/python');
  const python = existsSync(venv) ? venv : 'python3';
  const run = spawnSync(python, [SCRIPT, String(runs)], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: pyDir },
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`interpreter_speed.py failed: ${run.stderr}`);
  return speeds(JSON.parse(run.stdout));
}

let pyodidePromise = null; // one Node process boots one Pyodide release, once

async function measurePyodide(runs, pyDir) {
  pyodidePromise ??= loadPyodideFor(DEFAULT_RUNTIME, { stdout: () => {}, stderr: () => {} });
  const pyodide = await pyodidePromise;
  const { NODEFS } = pyodide.FS.filesystems;
  for (const [dir, at] of [
    [pyDir, '/bench/py'],
    [here, '/bench/scripts'],
  ]) {
    if (!pyodide.FS.analyzePath(at).exists) {
      pyodide.FS.mkdirTree(at);
      pyodide.FS.mount(NODEFS, { root: dir }, at);
    }
  }
  pyodide.globals.set('bench_runs', runs);
  const json = await pyodide.runPythonAsync(`
import json, sys
for folder in ("/bench/py", "/bench/scripts"):
    if folder not in sys.path:
        sys.path.insert(0, folder)
import interpreter_speed
json.dumps(interpreter_speed.measure(bench_runs))
`);
  return speeds(JSON.parse(json));
}

/**
 * `runs` timed traces of each workload and mode, natively and in Pyodide (the default runtime):
 * {native, pyodide}, each {python, platform, workloads: {"<workload> <mode>": {steps, median,
 * min, max, n}}} in steps per second.
 */
export async function measureInterpreter(runs, log = () => {}, { pyDir } = {}) {
  const py = pyDir ?? path.join(root, 'py');
  log(`interpreter speed natively (${runs} runs) …`);
  const native = measureNative(runs, py);
  log(`interpreter speed in Pyodide ${DEFAULT_RUNTIME} (${runs} runs) …`);
  const pyodide = await measurePyodide(runs, py);
  return { native, pyodide };
}

const perSecond = (value) => `${Math.round(value / 1000).toLocaleString('en')} k`;

/** The figures as text lines: one per side, workload and mode. */
export function formatInterpreter({ native, pyodide }) {
  const lines = [];
  for (const [side, figures] of [
    [`native CPython ${native.python}`, native],
    [`Pyodide (CPython ${pyodide.python})`, pyodide],
  ]) {
    for (const [name, s] of Object.entries(figures.workloads)) {
      lines.push(
        `${side.padEnd(26)} ${name.padEnd(24)} ${perSecond(s.median)} steps/s ` +
          `(${perSecond(s.min)}–${perSecond(s.max)}; ${s.steps.toLocaleString('en')} steps)`,
      );
    }
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const pyAt = args.indexOf('--py');
  const pyDir = pyAt >= 0 ? path.resolve(args.splice(pyAt, 2)[1] ?? '') : undefined;
  const runs = Number(args[0] ?? 5);
  const result = await measureInterpreter(runs, (line) => console.error(line), { pyDir });
  for (const line of formatInterpreter(result)) console.log(line);
}
