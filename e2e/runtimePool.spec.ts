/**
 * Temporary (issue 15, until the version picker and its specs land): every CPython runtime other
 * than the default boots in the real browser from the built page, in its own worker, from its own
 * folder `pyodide/<key>/` of our origin, under the production CSP, and answers with its own CPython.
 * It switches versions through the pool's test hook (local storage `pyregex:pool-hook`, see
 * web/src/engineStart.ts), so it runs in chromium-isolated only: the picker's specs cover every
 * engine and mode. Also: a version used once on a first visit is cached for offline use.
 */
import { expect, test, type Page } from './fixtures';
import { BOOT_MS, failOnConsoleErrors, recordRequests, waitReady } from './helpers';
import table from '../web/src/lib/engine/runtimes.json' with { type: 'json' };

const requests = recordRequests();
failOnConsoleErrors();

interface PoolHook {
  select(key: string): void;
  current: {
    info: { python: string; runtime?: string; boot: { from: string; snapshots?: boolean } } | null;
    result: { kind: string; result?: unknown } | null;
    submit(request: { pattern: string; text: string; op: string; flags: string }): number;
  };
}

declare global {
  interface Window {
    pyregexEnginePool?: PoolHook;
    __violations: string[];
  }
}

test.beforeEach(async ({ page }) => {
  test.skip(
    test.info().project.name !== 'chromium-isolated',
    'temporary check through a test hook; the version picker specs run everywhere',
  );
  await page.addInitScript(() => {
    localStorage.setItem('pyregex:pool-hook', '1');
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
});

for (const runtime of table.runtimes.filter((r) => r.key !== table.default)) {
  test(`CPython ${runtime.key} boots from its own folder and answers as ${runtime.python}`, async ({
    page,
  }) => {
    test.slow();
    await page.goto('/');
    await waitReady(page);
    await page.evaluate((key) => window.pyregexEnginePool?.select(key), runtime.key);
    await expect
      .poll(() => page.evaluate(() => window.pyregexEnginePool?.current.info?.python ?? null), {
        timeout: BOOT_MS,
      })
      .toMatch(new RegExp(`^${runtime.python.replaceAll('.', '\\.')}\\b`));
    const info = await page.evaluate(() => window.pyregexEnginePool?.current.info);
    expect(info?.runtime).toBe(runtime.key);
    expect(info?.boot.snapshots).toBe(runtime.key !== '3.11');

    // `\z`: a bad escape before 3.14, the end of the string from 3.14.
    await page.evaluate(() =>
      window.pyregexEnginePool?.current.submit({
        pattern: 'a\\z',
        text: 'ba',
        op: 'search',
        flags: '',
      }),
    );
    await expect
      .poll(() => page.evaluate(() => window.pyregexEnginePool?.current.result?.kind ?? null))
      .toBe('done');
    const result = JSON.stringify(
      await page.evaluate(() => window.pyregexEnginePool?.current.result?.result),
    );
    if (Number(runtime.key.split('.')[1]) >= 14) expect(result).toContain('"ok":true');
    else expect(result).toContain('bad escape \\\\z at position 1');

    const paths = requests().map((r) => new URL(r.url()).pathname);
    expect(paths).toContain(`/pyodide/${runtime.key}/pyodide.asm.wasm`);
    expect(paths).toContain(`/pyodide/${runtime.key}/python_stdlib.zip`);
    expect(paths.some((p) => p.startsWith(`/assets/engine-${runtime.key}.worker-`))).toBe(true);
    expect(await page.evaluate(() => window.__violations)).toEqual([]);
  });
}

/** The URLs in this page's caches whose path has `part`, by cache name prefix. */
async function cachedPaths(page: Page, prefix: string, part: string): Promise<string[]> {
  return page.evaluate(
    async ({ prefix, part }) => {
      const found: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith(prefix)) continue;
        for (const request of await (await caches.open(name)).keys()) {
          const { pathname } = new URL(request.url);
          if (pathname.includes(part)) found.push(pathname);
        }
      }
      return found;
    },
    { prefix, part },
  );
}

test('a version used once works offline afterwards; a first visit caches the default only', async ({
  context,
  page,
}) => {
  test.slow();
  const python = async () =>
    page.evaluate(() => window.pyregexEnginePool?.current.info?.python ?? null);
  await page.goto('/');
  await waitReady(page);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The precache holds the default runtime's files and no other's.
  expect(await cachedPaths(page, 'workbox-precache', '/pyodide/3.14/')).not.toEqual([]);
  expect(await cachedPaths(page, 'workbox-precache', '/pyodide/3.12/')).toEqual([]);
  expect(await cachedPaths(page, 'workbox-precache', '/assets/engine-3.12.worker-')).toEqual([]);
  expect(await cachedPaths(page, 'workbox-precache', '/assets/engine-3.14.worker-')).toHaveLength(
    1,
  );

  // Chosen on this first visit (a page the service worker does not control), 3.12 is cached.
  await page.evaluate(() => window.pyregexEnginePool?.select('3.12'));
  await expect.poll(python, { timeout: BOOT_MS }).toMatch(/^3\.12\.7\b/);
  await expect
    .poll(async () => (await cachedPaths(page, 'pyregex-runtimes-', '/pyodide/3.12/')).length, {
      timeout: 20_000,
    })
    .toBe(5);
  await expect
    .poll(async () => cachedPaths(page, 'pyregex-runtimes-', '/assets/engine-3.12.worker-'))
    .toHaveLength(1);

  await context.setOffline(true);
  try {
    await page.reload();
    await waitReady(page);
    await page.evaluate(() => window.pyregexEnginePool?.select('3.12'));
    await expect.poll(python, { timeout: BOOT_MS }).toMatch(/^3\.12\.7\b/);
  } finally {
    await context.setOffline(false);
  }
});
