/**
 * The service worker (web/src/lib/offline): after a first visit has precached the page and the
 * engine, the page reloads with the network off, boots Python from the cache (the engine reading
 * its files from the cache itself) and answers, and an isolated page is still cross-origin
 * isolated when its responses come from the cache; a new version taking over a page in use shows
 * a notice whose Reload now keeps the work; once installed, the service worker serves Pyodide's
 * script to a worker of its own, so the next visit finds it compiled (codeCache.ts). Nothing here
 * may reach any origin but the page's own.
 */
import { BOTH_MODES, expect, onStockWebKit, test, type Page } from './fixtures';
import {
  editor,
  failOnConsoleErrors,
  isolatedProject,
  recordRequests,
  setText,
  waitReady,
} from './helpers';

const requests = recordRequests();
// The probe below fails on purpose: the network is off.
failOnConsoleErrors([/\/offline-probe-\d+\.txt\)$/]);

/**
 * Resolves once the service worker is active, i.e. its install (the precache) is complete. It does
 * not claim the page that installed it: the next load is the first one it serves.
 */
async function waitPrecached(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

async function showsMatches(page: Page): Promise<void> {
  await setText(editor(page, 'Test string'), 'abbcb');
  await setText(editor(page, 'Pattern'), '(?P<run>b+)');
  const matches = page.getByRole('list', { name: 'Matches' }).getByRole('listitem');
  await expect(matches).toHaveCount(2);
  await expect(matches.nth(0)).toContainText('[1, 3)');
}

test(
  'works offline after the first visit, from the cache',
  BOTH_MODES,
  async ({ context, page }) => {
    test.skip(
      onStockWebKit(),
      'WebKitGTK (local connector): context.setOffline is not available through it; serverGone.spec.ts covers this engine',
    );
    await page.goto('/');
    await waitReady(page);
    await waitPrecached(page);

    await context.setOffline(true);
    try {
      // The network really is off: a file the service worker does not hold cannot be fetched.
      const probe = await page.evaluate(() =>
        fetch(`./offline-probe-${Date.now()}.txt`).then(
          (response) => `answered ${response.status}`,
          () => 'failed',
        ),
      );
      expect(probe, 'a request that reaches the network while offline').toBe('failed');

      const offlineFrom = requests().length;
      await page.reload();
      await waitReady(page);
      expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(isolatedProject());
      await showsMatches(page);

      // The reload loaded the engine's script again (offline, so through the service worker),
      // and its engine read the other files from the service worker's cache itself
      // (cachedEngineFiles.ts): it asked for none of them.
      const files = requests()
        .slice(offlineFrom)
        .map((r) => new URL(r.url()).pathname.split('/').pop() ?? '');
      expect(files).toContain('pyodide.asm.mjs');
      const readFromCache =
        /^(pyodide\.asm\.wasm|python_stdlib\.zip\.gz|pyodide-lock\.json|pyregex-.*\.whl\.gz)$/;
      expect(files.filter((file) => readFromCache.test(file))).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  },
);

test("once installed, the service worker serves Pyodide's script to a worker that imports it", async ({
  browserName,
  context,
  page,
}) => {
  test.skip(
    browserName !== 'chromium',
    'Chromium keeps compiled code beside the cache entries a service worker answers from (codeCache.ts); its driver reports what workers ask a service worker for',
  );
  // Before the page loads: its own import of the script comes from the network, not the cache.
  const fromCache = context.waitForEvent('response', {
    predicate: (response) =>
      response.url().endsWith('/pyodide.asm.mjs') && response.fromServiceWorker(),
  });
  const warmer = page.waitForEvent('worker', {
    predicate: (worker) => worker.url().includes('codeCacheWarmer'),
  });
  await page.goto('/');
  await waitReady(page);
  await waitPrecached(page);
  const worker = await warmer;
  expect((await fromCache).status()).toBe(200);
  // The warm-up ends its worker once the script is imported.
  await new Promise((resolve) => worker.once('close', resolve));
});

test('a new version taking over while the user works: a notice, and Reload now keeps the work', async ({
  page,
}) => {
  await page.goto('/');
  await waitReady(page);
  await waitPrecached(page);
  // The service worker controls the pages loaded after it was installed.
  await page.reload();
  await waitReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await showsMatches(page);

  // What the browser does when a new build's worker takes control of this page (a real update
  // needs a second build served from the same origin).
  await page.evaluate(() => navigator.serviceWorker.dispatchEvent(new Event('controllerchange')));
  const notice = page.getByRole('note').filter({ hasText: 'A new version of pyregex is ready.' });
  await expect(notice).toBeVisible();
  // Nothing reloads under the user's hands.
  await expect(editor(page, 'Test string')).toHaveText('abbcb');

  await Promise.all([
    page.waitForEvent('load'),
    notice.getByRole('button', { name: 'Reload now' }).click(),
  ]);
  await waitReady(page);
  await expect(notice).toHaveCount(0);
  await expect(editor(page, 'Pattern')).toHaveText('(?P<run>b+)');
  await expect(editor(page, 'Test string')).toHaveText('abbcb');
});
