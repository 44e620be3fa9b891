/**
 * Temporary (issue 15, until the version picker and its specs land): every CPython runtime other
 * than the default boots in the real browser from the built page, in its own worker, from its own
 * folder `pyodide/<key>/` of our origin, under the production CSP, and answers with its own CPython.
 * It switches versions through the pool's test hook (`?pool-hook`, web/src/engineStart.ts), so it
 * runs in chromium-isolated only: the picker's specs cover every engine and mode.
 */
import { expect, test } from './fixtures';
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
    await page.goto('/?pool-hook');
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
