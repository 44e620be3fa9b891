// P1 and P2: how long the page takes to become useful, and what a first visit downloads.
// Each run is a fresh browser profile: one cold navigation (empty disk cache), then the same
// profile navigated again (warm: HTTP cache revalidated with 304s, V8's wasm code cache). Times
// are performance.now() in the page (ms since navigation start) when the status first says
// Ready/Running and when the match list first shows a match: nothing is typed, the page opens on
// its example (a new profile) or on what it saved, so the first result is the engine's first
// answer. (measure-baseline.mjs typed a pattern and a text as soon as the fields existed: the
// figure then depended on Playwright's typing, and once in a run no match appeared in 2 minutes.) Bytes are as on the wire (compressed bodies plus headers), per resource,
// from Playwright's request sizes (CDP's encodedDataLength), page, workers and service worker
// alike; a response the service worker answered from its cache is listed but not counted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { persistentContext, waitInPage } from './browser.mjs';

/** One navigation: {ready, firstResult} in ms and the resources with their wire sizes. */
async function visit(context, url) {
  const page = await context.newPage();
  const resources = [];
  const pending = [];
  const describe = async (request, late) => {
    const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
    if (late.value) return;
    // headers(), not allHeaders(): the raw headers of a response a service worker handled may
    // never arrive, and the ones needed here are in both.
    const headers = response?.headers() ?? {};
    const status = response?.status() ?? 0;
    // Chromium reports no body size for a worker's own script; the server's Content-Length
    // is the body's size on the wire (it is set after compression).
    const declared = status === 200 ? Number(headers['content-length'] ?? 0) : 0;
    resources.push({
      path: new URL(request.url()).pathname,
      via: request.serviceWorker()
        ? 'service worker'
        : response?.fromServiceWorker()
          ? 'answered by the service worker'
          : 'page',
      status,
      encoding: headers['content-encoding'] ?? null,
      body: sizes.responseBodySize > 0 ? sizes.responseBodySize : declared,
      headers: sizes.responseHeadersSize,
    });
  };
  // A request whose sizes do not come within 15 s is listed as unknown rather than hanging the
  // bench (and left out of the totals).
  const onFinished = (request) => {
    const late = { value: false };
    pending.push(
      Promise.race([
        describe(request, late),
        new Promise((resolve) => setTimeout(resolve, 15_000, 'late')),
      ]).then((outcome) => {
        if (outcome !== 'late') return;
        late.value = true;
        const path = new URL(request.url()).pathname;
        resources.push({
          path,
          via: 'sizes unknown',
          status: 0,
          encoding: null,
          body: 0,
          headers: 0,
        });
      }),
    );
  };
  context.on('requestfinished', onFinished);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
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
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  context.off('requestfinished', onFinished);
  await page.close();
  resources.sort((a, b) => b.body - a.body);
  return { ready, firstResult, resources };
}

/** `runs` × (cold, warm); returns {cold: [...], warm: [...]} of visits. */
export async function measureStartup(url, runs, log) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const profile = mkdtempSync(path.join(os.tmpdir(), 'pyregex-bench-'));
    const context = await persistentContext(profile);
    try {
      cold.push(await visit(context, url));
      warm.push(await visit(context, url));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    log(
      `P1/P2 run ${i + 1}/${runs}: cold ${Math.round(cold.at(-1).ready)} ms, warm ${Math.round(warm.at(-1).ready)} ms`,
    );
  }
  return { cold, warm };
}

/** Total bytes on the wire of one visit (bodies + headers). */
/** Whether a resource came over the network (not out of the service worker's cache). */
export const onTheWire = (resource) => resource.via !== 'answered by the service worker';

/** Total bytes on the wire of one visit (bodies + headers). */
export const wireTotal = (visit) =>
  visit.resources.filter(onTheWire).reduce((sum, r) => sum + r.body + r.headers, 0);
