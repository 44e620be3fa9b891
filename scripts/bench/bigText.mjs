// P4: a 1 MB text with 100 000 matches (`\d+` over 100 000 ten-character lines). Each run pastes
// the text over a one-line one (whose result says "No match") and times, in the page:
//   - paste → the summary line first says "100,000 matches · …", at the next animation frame;
//   - the longest main-thread task during that (PerformanceObserver 'longtask', ≥ 50 ms only);
//   - the request's round trip as the page sees it (Comlink message out → answer in) and the
//     engine's own `elapsedMs` (pyregex.evaluate's clock, inside the worker);
// then runs the same request natively (`python -m pyregex`, JSON on stdin) as many times, for the
// ratio of Pyodide's elapsedMs to native CPython's. One unmeasured paste warms the page up first.
// The time limit is raised to 60 s so a slow machine measures the run instead of stopping it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBrowser, openReadyPage } from './browser.mjs';
import { pasteInto } from './editing.mjs';
import { median } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const BIG_PATTERN = String.raw`\d+`;
const SHOWN = '^100,000 matches · ';

/** 100 000 lines of 10 characters ("row 00042\n"): 1 000 000 characters, one match each. */
export function bigText() {
  let text = '';
  for (let i = 0; i < 100_000; i++) text += `row ${String(i).padStart(5, '0')}\n`;
  return text;
}

/**
 * One timed paste of `text` over a one-line text (the pattern already BIG_PATTERN): paste → the
 * frame after a changed node's text first matches `shownSource` (a RegExp source), and what
 * happened on the main thread and at the worker in between. Shared with P6 (hugeText.mjs).
 */
export async function timedPaste(page, text, { shownSource = SHOWN, settleMs = 300 } = {}) {
  const cleared = page.evaluate(() => window.__bench.whenText('^No match'));
  await pasteInto(page, 'Test string', 'no digits here');
  await cleared;
  // The explanation and the snippet for the edit, off the clock.
  await page.waitForTimeout(settleMs);
  const shown = page.evaluate((source) => window.__bench.whenText(source), shownSource);
  const pasteAt = await pasteInto(page, 'Test string', text);
  const seen = await shown;
  return page.evaluate(
    ({ pasteAt, seen, pattern }) => {
      const b = window.__bench;
      // The mark of the flush that showed the count (the mark repeats for an old outcome when a
      // new request goes out, so the one to take is the last before the count appeared).
      const applied = b.applied.findLast(
        (r) => r.detail?.pattern === pattern && r.at >= pasteAt && r.at <= seen.at,
      )?.at;
      const end = seen.frame;
      const tasks = b.longTasks.filter((t) => t.start + t.duration > pasteAt && t.start < end);
      const call = b.calls.find(
        (c) =>
          !c.direct &&
          c.method === 'evaluate' &&
          c.sentAt >= pasteAt &&
          c.request?.pattern === pattern,
      );
      return {
        pasteAt,
        shown: end - pasteAt,
        shownText: seen.text,
        longestTask: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
        longTasks: tasks.length,
        tasksOver100: tasks.filter((t) => t.duration > 100).length,
        roundTrip: call?.answeredAt ? call.answeredAt - call.sentAt : null,
        pasteToSend: call ? call.sentAt - pasteAt : null,
        answerToApplied: call?.answeredAt && applied ? applied - call.answeredAt : null,
        workerElapsed: call?.elapsedMs ?? null,
      };
    },
    { pasteAt, seen, pattern: BIG_PATTERN },
  );
}

export async function measureBigText(url, runs, log) {
  const text = bigText();
  const { browser, context } = await freshBrowser();
  const samples = [];
  try {
    const page = await openReadyPage(context, url, { deadlineS: 60 });
    await pasteInto(page, 'Pattern', BIG_PATTERN);
    await timedPaste(page, text); // warm-up, not counted
    for (let i = 0; i < runs; i++) {
      samples.push(await timedPaste(page, text));
      log(`P4 run ${i + 1}/${runs}: shown after ${Math.round(samples.at(-1).shown)} ms`);
    }
  } finally {
    await browser.close();
  }
  return { samples, chars: text.length, native: measureNative(text, runs) };
}

/** The same request through native CPython: elapsedMs of each run, and the versions used. */
function measureNative(text, runs) {
  const venv = path.join(root, '.venv/bin/python');
  const python = existsSync(venv) ? venv : 'python3';
  const request = JSON.stringify({ pattern: BIG_PATTERN, text, op: 'finditer', flags: '' });
  const elapsed = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(python, ['-m', 'pyregex'], {
      input: request,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, PYTHONPATH: pythonPath() },
    });
    if (run.status !== 0) throw new Error(`python -m pyregex failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout);
    if (result.matches?.length !== 100_000) throw new Error('native run: not 100 000 matches');
    elapsed.push(result.elapsedMs);
  }
  const version = spawnSync(
    python,
    [
      '-c',
      'import sys, pyregex; print(sys.version.split()[0], pyregex.__version__, pyregex.__file__)',
    ],
    { encoding: 'utf8', env: { ...process.env, PYTHONPATH: pythonPath() } },
  ).stdout.trim();
  const [pythonVersion, pyregexVersion, file] = version.split(' ');
  return { elapsed, median: median(elapsed), python: pythonVersion, pyregex: pyregexVersion, file };
}

/** Where the measured checkout's Python package lives (set by bench.mjs from --dist). */
let pyDir = null;
export function useNativeSource(dir) {
  pyDir = dir;
}
function pythonPath() {
  return [pyDir, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
}
