// P6 (issue 19): a 10 MB text pasted. P4's paste (bigText.mjs, timedPaste) with ten times the
// text: `\d+` over 1 000 000 ten-character lines ("row000042\n"), so 1 000 000 matches, of which
// the page keeps the first 100 000 (the engine's default maxMatches: finditer stops at the
// 100 001st match and the summary says "100,000+ matches"). Each run pastes the text over a
// one-line one and records, in the page:
//   - paste → the frame after the summary first shows a count;
//   - the main-thread long tasks in that time (longest, how many over 50 and over 100 ms), and in
//     the SETTLE_MS after it (what the page still does once the count is shown: the background
//     step count, the ReDoS check, the explanation, the snippet, the session saved);
//   - memory: the page's JS heap (CDP Runtime.getHeapUsage on the page) as the count shows, and
//     after the settle time and a full GC, against the same before any big paste; and the engine
//     worker's WebAssembly.Memory (its high-water mark; browser.mjs watchWorkerMemory) and JS heap
//     after a full GC.
// One unmeasured paste warms the page up first, as in P4 (its figures are kept as `first`: the
// only run whose heap holds one big paste); the time limit is raised to 60 s.
import { BIG_PATTERN, timedPaste } from './bigText.mjs';
import { freshBrowser, openReadyPage, watchWorkerMemory, workerWasmBytes } from './browser.mjs';
import { pasteInto } from './editing.mjs';

export const HUGE_LINES = 1_000_000;
const SETTLE_MS = 3_000;
// The summary's count, whichever form it takes ("100,000+ matches · 41 ms").
const SHOWN = String.raw`^[\d,]+\+? matches · `;

/** 1 000 000 lines of 10 characters ("row000042\n"): 10 000 000 characters, one match each. */
export function hugeText() {
  const lines = new Array(HUGE_LINES);
  for (let i = 0; i < HUGE_LINES; i++) lines[i] = `row${String(i).padStart(6, '0')}`;
  return `${lines.join('\n')}\n`;
}

/** The page's own JS heap (main thread), optionally after a full GC: {usedSize, totalSize}. */
async function pageHeap(cdp, collect) {
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  return cdp.send('Runtime.getHeapUsage');
}

/** The engine worker's memory: its wasm heap's size and its JS heap after a full GC. */
async function workerMemory(page, watcher) {
  const wasm = await workerWasmBytes(page);
  const heap = await watcher.heapUsage();
  return {
    wasmBytes: wasm?.length ? Math.max(...wasm) : null,
    jsHeapUsed: heap?.usedSize ?? null,
  };
}

/** Long tasks that ended after `from` and began before `to` (page ms), as durations. */
function tasksBetween(page, from, to) {
  return page.evaluate(
    ({ from, to }) =>
      window.__bench.longTasks
        .filter((t) => t.start + t.duration > from && t.start < to)
        .map((t) => t.duration),
    { from, to },
  );
}

async function oneRun(page, cdp, watcher, text) {
  const run = await timedPaste(page, text, { shownSource: SHOWN, settleMs: 1_000 });
  const shownFrame = run.pasteAt + run.shown;
  const heapAtShown = await pageHeap(cdp, false);
  await page.waitForTimeout(SETTLE_MS);
  const settleEnd = await page.evaluate(() => performance.now());
  const settleTasks = await tasksBetween(page, shownFrame, settleEnd);
  const heapSettled = await pageHeap(cdp, true);
  return {
    ...run,
    settleLongestTask: settleTasks.length ? Math.max(...settleTasks) : 0,
    settleTasksOver50: settleTasks.length,
    settleTasksOver100: settleTasks.filter((d) => d > 100).length,
    pageHeapAtShown: heapAtShown.usedSize,
    pageHeapSettled: heapSettled.usedSize,
    worker: await workerMemory(page, watcher),
  };
}

export async function measureHugeText(url, runs, log) {
  const text = hugeText();
  const { browser, context } = await freshBrowser();
  const samples = [];
  try {
    let watcher;
    const page = await openReadyPage(context, url, {
      deadlineS: 60,
      beforeLoad: async (fresh) => (watcher = await watchWorkerMemory(fresh)),
    });
    const cdp = await context.newCDPSession(page);
    await pasteInto(page, 'Pattern', BIG_PATTERN);
    // A one-line text for the baseline (not timedPaste's own, which must be a change to show).
    await pasteInto(page, 'Test string', 'no digits yet');
    await page.waitForTimeout(1_000);
    const before = {
      pageHeap: (await pageHeap(cdp, true)).usedSize,
      worker: await workerMemory(page, watcher),
    };
    // Not counted in the samples, but kept: the only run whose heap holds one big paste (the
    // editor's undo history keeps each replaced 10 MB text, so later runs' heaps hold more).
    const first = await oneRun(page, cdp, watcher, text);
    for (let i = 0; i < runs; i++) {
      samples.push(await oneRun(page, cdp, watcher, text));
      const s = samples.at(-1);
      log(
        `P6 run ${i + 1}/${runs}: "${s.shownText}" after ${Math.round(s.shown)} ms, longest task ` +
          `${Math.round(s.longestTask)} ms (then ${Math.round(s.settleLongestTask)} ms)`,
      );
    }
    return { samples, first, chars: text.length, lines: HUGE_LINES, before };
  } finally {
    await browser.close();
  }
}
