// P1 and P2: how long the page takes to become useful, and what a first visit downloads.
// Each run is a fresh browser profile: one cold navigation (empty disk cache), then the same
// profile navigated again (warm: HTTP cache revalidated with 304s, V8's wasm code cache, and the
// service worker's cache when the page has one, and the engine's memory snapshot saved by the cold
// visit). Times are performance.now() in the page (ms
// since navigation start) when the status first says Ready/Running and when the match list first
// shows a match: nothing is typed, the page opens on its example (a new profile) or on what it
// saved, so the first result is the engine's first answer. (measure-baseline.mjs typed a pattern
// and a text as soon as the fields existed: the figure then depended on Playwright's typing, and
// once in a run no match appeared in 2 minutes.)
// Bytes are what the server wrote for each response of the visit (headers and compressed body,
// from its request log), page, workers and service worker alike; a visit ends when the page is
// network-idle and the server has been quiet for a second (the service worker precaches late),
// and a first visit has saved its snapshot and run its code-cache warm-up (the next visit's).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_CACHE_WARMER_URL,
  openSettledTab,
  persistentContext,
  waitInPage,
} from './browser.mjs';

/** The longest a first visit waits for its code-cache warm-up (it starts 5 s after the install). */
const WARM_UP_WAIT_MS = 15_000;

/** Resolves once a code-cache warmer worker of `page` has ended (never, if none starts). */
function warmUpEnded(page) {
  return new Promise((resolve) => {
    page.on('worker', (worker) => {
      if (CODE_CACHE_WARMER_URL.test(worker.url())) worker.once('close', resolve);
    });
  });
}

/** One navigation: {ready, firstResult} in ms and the responses the server sent for it. */
export async function visit(context, server) {
  const page = await openSettledTab(context);
  const warmedUp = warmUpEnded(page);
  const mark = server.mark();
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await waitInPage(page, () => window.__bench.milestones.firstResult !== undefined).catch(
    async (error) => {
      const state = await page
        .evaluate(() => ({
          url: location.href,
          status: document.querySelector('[role="status"]')?.textContent?.trim(),
          milestones: window.__bench.milestones,
          statuses: window.__bench.statuses.map((s) => `${Math.round(s.at)} ${s.text}`),
        }))
        .catch(() => null);
      throw new Error(`P1: no first result; the page: ${JSON.stringify(state)}`, { cause: error });
    },
  );
  const { ready, firstResult } = await page.evaluate(() => ({ ...window.__bench.milestones }));
  // How the engine booted, as the status bar's versions say (afresh, or from the saved snapshot).
  const boot = await page.evaluate(() => document.querySelector('.versions')?.title ?? '');
  await page.waitForLoadState('networkidle');
  await server.settled();
  // The engine saves its memory snapshot in the background after a fresh boot: the next visit
  // should find it, as a user's would (seconds later, not milliseconds).
  await waitInPage(page, async () => {
    const cache = await caches.open('pyregex-engine-snapshot');
    return (await cache.keys()).length > 0;
  }).catch(() => {});
  // So does a first visit's code-cache warm-up (web/src/lib/offline/codeCache.ts), 5 s after its
  // service worker is active: a page closed sooner would leave the next visit without it.
  const firstVisit = await page.evaluate(() => navigator.serviceWorker?.controller === null);
  if (firstVisit) {
    let timer;
    await Promise.race([warmedUp, new Promise((r) => (timer = setTimeout(r, WARM_UP_WAIT_MS)))]);
    clearTimeout(timer);
  }
  const resources = server.sentSince(mark).sort((a, b) => b.bytes - a.bytes);
  await page.close();
  return { ready, firstResult, boot, resources };
}

/** `runs` × (cold, warm) in Chromium or 'firefox'; returns {cold: [...], warm: [...]} of visits. */
export async function measureStartup(server, runs, log, engine = 'chromium') {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'pyregex-bench-'));
    const context = await persistentContext(profile, engine);
    try {
      cold.push(await visit(context, server));
      warm.push(await visit(context, server));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    log(
      `P1/P2 ${engine} run ${i + 1}/${runs}: cold ${Math.round(cold.at(-1).ready)} ms, warm ${Math.round(warm.at(-1).ready)} ms`,
    );
  }
  return { cold, warm };
}

/** Total bytes the server wrote for one visit. */
export const wireTotal = (visit) => visit.resources.reduce((sum, r) => sum + r.bytes, 0);
