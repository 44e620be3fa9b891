// P5: a runaway pattern (`(a+)+$` on 'a' × 30 + 'b', which would run for hours) and how long the
// page takes from the run's deadline to "Ready" again: with cross-origin isolation the engine is
// interrupted inside CPython and stays warm; without it the worker is terminated and a new one
// boots. Times come from the status line as the page shows it (a MutationObserver in the page):
// the deadline is when it first says "Stopping…" or "Restarting…" (the client changes state in
// its deadline timer and the page renders it in the same task), ready is when it says "Ready"
// again. The time limit is set to 0.5 s in the page's own spinbutton to keep runs short.
import { freshBrowser, openReadyPage, waitReady } from './browser.mjs';
import { appliedAfter, pasteInto } from './editing.mjs';

const RUNAWAY = '(a+)+$';
const TEXT = `${'a'.repeat(30)}b`;
export const DEADLINE_S = 0.5;

async function oneRun(page) {
  const calm = await pasteInto(page, 'Pattern', 'a');
  await appliedAfter(page, 'a', calm);
  await waitReady(page);
  await page.waitForTimeout(300);
  const editAt = await pasteInto(page, 'Pattern', RUNAWAY);
  const handle = await page.waitForFunction(
    (after) => {
      const statuses = window.__bench.statuses.filter((s) => s.at >= after);
      const stop = statuses.find((s) => /^(Stopping|Restarting)/.test(s.text ?? ''));
      const ready = stop && statuses.find((s) => s.at >= stop.at && /^Ready/.test(s.text ?? ''));
      return ready
        ? { stop: stop.at, stopText: stop.text, ready: ready.at, readyText: ready.text }
        : null;
    },
    editAt,
    { timeout: 180_000, polling: 50 },
  );
  const seen = await handle.jsonValue();
  return { ...seen, recovery: seen.ready - seen.stop, editToStop: seen.stop - editAt };
}

export async function measureRunaway(url, runs, label, log) {
  const { browser, context } = await freshBrowser();
  const samples = [];
  try {
    const page = await openReadyPage(context, url, { deadlineS: DEADLINE_S });
    await pasteInto(page, 'Test string', TEXT);
    for (let i = 0; i < runs; i++) {
      samples.push(await oneRun(page));
      log(
        `P5 ${label} run ${i + 1}/${runs}: ready ${Math.round(samples.at(-1).recovery)} ms after the deadline`,
      );
    }
  } finally {
    await browser.close();
  }
  return samples;
}
