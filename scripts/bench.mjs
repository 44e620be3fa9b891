// `npm run bench`: builds the page, serves dist/ as a static host would (compressed, with cache
// revalidation; scripts/serve-dist.mjs --compress), drives headless Chromium with Playwright and
// measures issue 6's figures: P1 start-up (cold and warm), P2 bytes on the wire, P3 keystroke →
// highlights painted, P4 a 1 MB text with 100 000 matches (with the engine's time against native
// CPython), P5 a runaway pattern's deadline → Ready (isolated and not), and the engine worker's
// memory after 10 vs 10 000 evaluations; and issue 14's test suites: T1 keystroke → every
// verdict painted for 10, 100 and 1 000 cases, T2 the longest task while 1 000 cases render; and
// issue 15's versions: V1 each version's first use, V2 switching, V3 Compare on five (versions.mjs);
// issue 16's debugger: D1 the interpreter's steps/s natively and in Pyodide (interpreter.mjs), D2
// opening the debugger on a 10 000-step trace (debugger.mjs); issue 18's railroad diagram: R1 a
// pattern keystroke → diagram painted, against the panel folded (diagram.mjs); and issue 19's
// Firefox figures: P1 cold/warm and P3 again in Firefox ESR, in the same run, with --firefox-runs N
// (off by default: --browser firefox turns it on); issue 19's anchor, S1: the first result and
// the first visit's bytes against stock Pyodide's (the same release loading itself and running one
// `re` call on a bare page, served the same way on port + 2, measured alternating in the same run;
// stock.mjs); L1-L2, match highlights drawn as CSS highlights against decorations (highlights.mjs);
// P6, a 10 MB text pasted (hugeText.mjs), and P3S, P3 with a 100-case test suite shown
// (typingSuite.mjs).
// Prints a table of medians with min/max and writes it,
// with the raw samples and the run's context, to docs/benchmarks.md (its method is there too).
// It never touches any origin but 127.0.0.1, and asserts nothing about the figures.
//
// Usage: node scripts/bench.mjs [--runs 5] [--keystrokes 200] [--evaluations 10000]
//          [--suite-keystrokes 40] [--firefox-runs 0 | --browser firefox] [--huge-runs 3]
//          [--stock-runs 9]
//          [--dist <dir>] [--skip-build] [--port 47620] [--section latest] [--note <text>]
//          [--out docs/benchmarks.md] [--only P3,R1]
// --dist measures another checkout's build (its `py/` is used for the native runs, and its
// `npm run build` runs unless --skip-build); --section start writes "Starting point (<commit>)".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { measureBigText, useNativeSource } from './bench/bigText.mjs';
import { measureDebugger } from './bench/debugger.mjs';
import { measureDiagram } from './bench/diagram.mjs';
import { measureHighlights } from './bench/highlights.mjs';
import { measureHugeText } from './bench/hugeText.mjs';
import { measureInterpreter } from './bench/interpreter.mjs';
import { browserVersion, firefoxVersion, foreignRequests, hasFirefox } from './bench/browser.mjs';
import { DOC_TEXT } from './bench/docText.mjs';
import { measureMemory } from './bench/memory.mjs';
import { composeReport, runSection, stockTable } from './bench/report.mjs';
import { measureRunaway } from './bench/runaway.mjs';
import { serve } from './bench/server.mjs';
import { measureStartup } from './bench/startup.mjs';
import { measureStock } from './bench/stock.mjs';
import { measureSuites } from './bench/suites.mjs';
import { measureTyping } from './bench/typing.mjs';
import { measureTypingWithSuite } from './bench/typingSuite.mjs';
import { measureVersions } from './bench/versions.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const runs = Math.max(5, Number(option('--runs', '5')));
const keystrokes = Math.max(200, Number(option('--keystrokes', '200')));
const evaluations = Math.max(10, Number(option('--evaluations', '10000')));
const suiteKeystrokes = Math.max(20, Number(option('--suite-keystrokes', '40')));
// --browser firefox (issue 19's spelling) is --firefox-runs 3.
// P6's 10 MB pastes take seconds each: 3 runs unless --huge-runs says more.
const hugeRuns = Math.max(1, Number(option('--huge-runs', '3')));
// S1's pairs against stock Pyodide: stock's own warm visit moves by 300 ms between runs, so its
// median needs more of them than the other parts (9 unless --stock-runs says more).
const stockRuns = Math.max(runs, Number(option('--stock-runs', '9')));
const firefoxRuns = Math.max(
  0,
  Number(option('--firefox-runs', option('--browser', '') === 'firefox' ? '3' : '0')),
);
/** Firefox's part gives up after this long (one full run stalled at its first visit). */
const FIREFOX_PART_MS = 10 * 60_000;
const port = Number(option('--port', '47620'));
const distDir = path.resolve(option('--dist', path.join(root, 'dist')));
const checkout = path.dirname(distDir);
const section = option('--section', 'latest');
const note = option('--note', '');
const out = path.resolve(root, option('--out', 'docs/benchmarks.md'));
// --only P3,R1: just these parts (names as printed: P1/P2, P3, P3S, P4, P6, P5, memory, T1/T2,
// V1-V3, D1-D2, R1, L1-L2, S1, Firefox P1/P3), their raw results printed as JSON; docs/benchmarks.md
// is not written.
const only = option('--only', '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const wanted = (name) => only.length === 0 || only.includes(name);

const log = (message) => process.stderr.write(`${message}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function git(...args) {
  return execFileSync('git', ['-C', checkout, ...args], { encoding: 'utf8' }).trim();
}

/** Sizes of the files in dist/, by URL path, for the bytes table. */
function fileSizes(dir, prefix = '/') {
  const sizes = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(sizes, fileSizes(full, `${prefix}${entry.name}/`));
    else sizes[`${prefix}${entry.name}`] = statSync(full).size;
  }
  sizes['/'] = sizes['/index.html'];
  return sizes;
}

async function main() {
  const started = Date.now();
  const loadStart = load();
  if (!process.argv.includes('--skip-build')) {
    log(`building in ${checkout} …`);
    const build = spawnSync('npm', ['run', 'build'], {
      cwd: checkout,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  if (!existsSync(path.join(distDir, 'index.html'))) throw new Error(`${distDir} has no build`);
  useNativeSource(
    existsSync(path.join(checkout, 'py', 'pyregex')) ? path.join(checkout, 'py') : null,
  );

  const isolated = await serve(distDir, port);
  const open = await serve(distDir, port + 1, { isolated: false });
  const result = { loads: {} };
  const part = (name) => {
    if (!wanted(name)) return false;
    result.loads[name] = load();
    log(`${name} (load average ${result.loads[name]})`);
    return true;
  };
  try {
    if (part('P1/P2')) result.startup = await measureStartup(isolated, runs, log);
    if (part('P3')) result.typing = await measureTyping(isolated.url, keystrokes, log);
    if (part('P3S'))
      result.typingSuite = await measureTypingWithSuite(isolated.url, keystrokes, log);
    if (part('P4')) result.bigText = await measureBigText(isolated.url, runs, log);
    if (part('P6')) result.hugeText = await measureHugeText(isolated.url, hugeRuns, log);
    if (part('P5'))
      result.runaway = {
        isolated: await measureRunaway(isolated.url, runs, 'isolated', log),
        restart: await measureRunaway(open.url, runs, 'not isolated', log),
      };
    if (part('memory')) result.memory = await measureMemory(isolated.url, evaluations, log);
    if (part('T1/T2')) result.suites = await measureSuites(isolated.url, suiteKeystrokes, log);
    // A checkout from before versions (bench --dist) has no picker: nothing to time.
    if (existsSync(path.join(distDir, 'pyodide', '3.12')) && part('V1-V3')) {
      result.versions = await measureVersions(isolated, Math.min(runs, 3), log);
    }
    // A checkout from before the step debugger (bench --dist) has no trace to time.
    if (existsSync(path.join(checkout, 'py', 'pyregex', 'trace.py')) && part('D1-D2')) {
      result.interpreter = await measureInterpreter(runs, log, {
        pyDir: path.join(checkout, 'py'),
      });
      result.debugger = await measureDebugger(isolated.url, runs, log);
    }
    // A checkout from before the railroad diagram (bench --dist) has no diagram to time.
    if (existsSync(path.join(checkout, 'web', 'src', 'lib', 'diagram')) && part('R1')) {
      result.diagram = await measureDiagram(isolated.url, 10, log);
    }
    // A checkout from before CSS highlights (bench --dist) has one way to draw.
    if (
      existsSync(path.join(checkout, 'web', 'src', 'lib', 'editor', 'cssHighlights.ts')) &&
      part('L1-L2')
    ) {
      result.highlights = await measureHighlights(isolated.url, 10, 3, log);
    }
    if (part('S1')) result.stock = await measureStock(isolated, port + 2, stockRuns, log);
    if (firefoxRuns > 0 && hasFirefox() && part('Firefox P1/P3')) {
      const measured = (async () => ({
        version: firefoxVersion(),
        startup: await measureStartup(isolated, firefoxRuns, log, 'firefox'),
        typing: await measureTyping(isolated.url, keystrokes, log, 'firefox'),
      }))();
      let timer;
      const stalled = new Promise((resolve) => {
        timer = setTimeout(() => resolve(null), FIREFOX_PART_MS);
      });
      result.firefox = await Promise.race([measured, stalled]);
      clearTimeout(timer);
      if (result.firefox === null) {
        log(`Firefox P1/P3 stalled: no figures after ${FIREFOX_PART_MS / 60_000} min`);
        result.firefoxStalled = true;
        delete result.firefox;
      }
    }
  } finally {
    isolated.stop();
    open.stop();
  }
  if (foreignRequests.length > 0) {
    throw new Error(`requests left 127.0.0.1, figures not written: ${foreignRequests.join(', ')}`);
  }

  if (only.length > 0) {
    console.log(JSON.stringify(result, null, 1));
    if (result.stock) log(`\n${stockTable(result)}\n`);
    log(`--only ${only.join(',')}: docs not written`);
    return;
  }

  const commit = git('rev-parse', '--short', 'HEAD');
  const cpus = os.cpus();
  const report = {
    ...result,
    heading: section === 'start' ? `Starting point (${commit})` : `Latest run (${commit})`,
    commit: git('rev-parse', 'HEAD'),
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    note,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    runs,
    durationMin: ((Date.now() - started) / 60_000).toFixed(1),
    browser: browserVersion(),
    engineInfo: result.typing.engineInfo,
    fileSizes: fileSizes(distDir),
    machine: {
      cores: cpus.length,
      cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
      ram: `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`,
      os: `${os.type()} ${os.release()}`,
      loadStart,
      loadEnd: load(),
    },
  };
  const text = runSection(report);
  console.log(text);
  // Written as Prettier would format it, so `prettier --check .` stays green.
  const old = existsSync(out) ? readFileSync(out, 'utf8') : '';
  const config = (await prettier.resolveConfig(out)) ?? {};
  const markdown = composeReport(old, section, text, DOC_TEXT);
  writeFileSync(out, await prettier.format(markdown, { ...config, filepath: out }));
  log(`wrote ${path.relative(root, out)} in ${report.durationMin} min`);
}

main().then(
  // A stalled Firefox may still hold its browser open: nothing else is left to wait for.
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
