/**
 * Every shipped CPython, one at a time, on the built page in the three engines: the "Python
 * version" picker runs the pattern on another version's own runtime (fetched on first use), where
 * `a\z` is CPython 3.12's "bad escape" and 3.14's match; the exact version shows in the status bar,
 * the Python snippet's caption and Diagnostics; the choice travels in links (one on 3.13 reopens
 * on 3.13, one made before versions opens on 3.14, one naming a version this page does not run
 * opens on 3.14 with a notice) and survives a reload; Compare versions marks the versions that
 * differ, and a runaway on some versions is stopped at each one's own deadline while the others answer. Booting a second runtime is what the
 * isolation mode can change, so that test runs in both modes; the rest in the isolated projects.
 * Driven by accessible names only; fails any test during which the page logs an error or throws.
 */
import type { Page } from '@playwright/test';
import { BOTH_MODES, expect, onStockWebKit, test } from './fixtures';
import { BOOT_MS, editor, failOnConsoleErrors, linkTo, open, setText, waitReady } from './helpers';

failOnConsoleErrors();

const picker = (page: Page) => page.getByRole('combobox', { name: 'Python version' });
const statusBar = (page: Page) => page.getByRole('contentinfo');
const matches = (page: Page) => page.getByRole('region', { name: 'Matches' }).getByRole('listitem');
const codePanel = (page: Page) => page.getByRole('region', { name: 'Python code' });
const BAD_ESCAPE = String.raw`bad escape \z at position 1`;

/** The URLs in the page's Cache Storage caches whose name starts with `prefix` that contain `part`. */
function cachedPaths(page: Page, prefix: string, part: string): Promise<string[]> {
  return page.evaluate(
    async ({ prefix, part }) => {
      const found: string[] = [];
      for (const name of await caches.keys()) {
        if (!name.startsWith(prefix)) continue;
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          if (request.url.includes(part)) found.push(new URL(request.url).pathname);
        }
      }
      return found;
    },
    { prefix, part },
  );
}

/** Chooses `key` in the picker and waits until its engine is ready and says so. */
async function choose(page: Page, key: string, python: string): Promise<void> {
  await picker(page).selectOption(key);
  await expect(statusBar(page)).toContainText(`CPython ${python}`);
  await waitReady(page);
}

test.describe('Python versions', () => {
  test(
    String.raw`a\z is a bad escape on 3.12 and matches on 3.14`,
    BOTH_MODES,
    async ({ page }) => {
      // Two runtimes boot in this test (the second one fetched on first use). The first boot
      // took WebKitGTK without isolation over 45 s once at the busy end of a full run.
      test.slow();
      const link = await linkTo({ pattern: String.raw`a\z`, text: 'a', op: 'search' });
      await open(page, link, 2 * BOOT_MS);
      await expect(picker(page)).toHaveValue('3.14');
      await expect(matches(page)).toHaveCount(1);

      await choose(page, '3.12', '3.12.7');
      await expect(page.getByRole('alert').filter({ hasText: BAD_ESCAPE })).toBeVisible({
        timeout: BOOT_MS,
      });
      await expect(matches(page)).toHaveCount(0);

      // Back to 3.14: its engine is still there, so no second boot is needed.
      await choose(page, '3.14', '3.14.2');
      await expect(matches(page)).toHaveCount(1);
      await expect(page.getByRole('alert').filter({ hasText: BAD_ESCAPE })).toHaveCount(0);
    },
  );

  test('the full version shows in the status bar, the code panel and Diagnostics', async ({
    page,
  }) => {
    // Three runtimes boot in this test (3.14, 3.12, 3.15).
    test.slow();
    await open(page);
    await expect(statusBar(page)).toContainText('CPython 3.14.2');
    await choose(page, '3.12', '3.12.7');
    await expect(codePanel(page)).toContainText('checked on CPython 3.12.7');

    await statusBar(page)
      .getByRole('button', { name: /^Diagnostics/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
    await expect(dialog).toContainText(/CPython 3\.12\.7 · Pyodide 0\.27\.7/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // The pre-release is marked as one beside the picker while it is chosen.
    await choose(page, '3.15', '3.15.0rc1');
    await expect(page.getByText('pre-release', { exact: true })).toBeVisible();
    await expect(picker(page)).toHaveAccessibleDescription('pre-release');
  });

  test('a link on 3.13 reopens on 3.13, and the choice survives a reload', async ({ page }) => {
    // Two runtimes boot in this test (3.13, 3.12), and the page loads three times.
    test.slow();
    const link = await linkTo({ pattern: String.raw`\d+`, text: 'a1', python: '3.13' });
    await open(page, link);
    await expect(picker(page)).toHaveValue('3.13');
    await expect(statusBar(page)).toContainText('CPython 3.13.2');
    await expect(matches(page)).toHaveCount(1);

    // Share writes the version into the link; the link alone reopens on it.
    await choose(page, '3.12', '3.12.7');
    await page.getByRole('button', { name: 'Share' }).click();
    await expect.poll(() => new URL(page.url()).hash).toMatch(/^#v1=/);
    const shared = new URL(page.url()).hash;
    await page.evaluate(() => localStorage.clear());
    await page.goto('about:blank');
    await open(page, shared);
    await expect(picker(page)).toHaveValue('3.12');
    await expect(statusBar(page)).toContainText('CPython 3.12.7');

    // Without a link, the last choice is kept in this browser.
    await page.goto('about:blank');
    await open(page);
    await expect(picker(page)).toHaveValue('3.12');
  });

  test('old links open on 3.14; one naming an unknown version too, with a notice', async ({
    page,
  }) => {
    // A link made before versions: its session has no "python" field.
    const old = await linkTo({ pattern: 'x', text: 'xx', python: undefined });
    await open(page, old);
    await expect(picker(page)).toHaveValue('3.14');

    await open(page, await linkTo({ pattern: 'y', text: 'yy', python: '3.9' }));
    await expect(picker(page)).toHaveValue('3.14');
    const notice = page.getByText('This link was opened with some repairs.');
    await expect(notice).toBeVisible();
    await expect(
      page.getByText(/asks for Python "3\.9", which this page does not run/),
    ).toBeVisible();
    await expect(statusBar(page)).toContainText('CPython 3.14.2');
  });
  test(
    'Compare versions shows every version, marks those that differ and says how',
    BOTH_MODES,
    async ({ page }) => {
      // All five runtimes boot in this test. Its first boot comes at the busiest end of a full
      // run: WebKitGTK without isolation (no snapshot) took over 45 s there twice, and passed on
      // the retry both times.
      test.slow();
      const link = await linkTo({ pattern: String.raw`a\z`, text: 'a', op: 'search' });
      await open(page, link, 2 * BOOT_MS);
      await page.getByRole('button', { name: 'Compare versions' }).click();
      const region = page.getByRole('region', { name: 'Versions' });
      const rows = region.getByRole('row');
      // A header row and one row per version.
      await expect(rows).toHaveCount(6);
      await expect(region).toHaveAccessibleDescription(
        '3 of 5 versions differ from 3.14: 3.11, 3.12, 3.13.',
        { timeout: 4 * BOOT_MS },
      );
      for (const key of ['3.11', '3.12', '3.13']) {
        const row = rows.filter({ has: page.getByRole('button', { name: key, exact: true }) });
        await expect(row).toContainText('differs');
        await expect(row).toContainText(`error: ${BAD_ESCAPE}`);
        await expect(region.getByRole('listitem').filter({ hasText: `${key}:` })).toHaveText(
          `${key}: error: ${BAD_ESCAPE}`,
        );
      }
      for (const key of ['3.14', '3.15']) {
        const row = rows.filter({ has: page.getByRole('button', { name: key, exact: true }) });
        await expect(row).toContainText('1 match');
        await expect(row).not.toContainText('differs');
      }

      // The error notice on a version that rejects it names those that accept it.
      await region.getByRole('button', { name: '3.12', exact: true }).click();
      await expect(picker(page)).toHaveValue('3.12');
      await expect(page.getByRole('alert').filter({ hasText: BAD_ESCAPE })).toContainText(
        'Python 3.14 and 3.15 accept this pattern.',
      );
      // 3.13 rejects it too, with the exception's new name (re.error became PatternError).
      await expect(region).toHaveAccessibleDescription(
        '3 of 5 versions differ from 3.12: 3.13, 3.14, 3.15.',
      );
      await expect(region.getByRole('listitem').filter({ hasText: '3.13:' })).toHaveText(
        `3.13: raises PatternError: ${BAD_ESCAPE} (not error)`,
      );

      // A pattern every version reads alike (the region follows each edit): one sentence says so.
      await setText(editor(page, 'Pattern'), 'a');
      await expect(region).toHaveAccessibleDescription(
        'All 5 versions give the same outcome as 3.12.',
      );

      // A runaway on some versions only: `\z` makes (a+)+\z catastrophic on 3.14 and 3.15, and a
      // bad escape on 3.11-3.13. Each runaway row is stopped at its own version's deadline, the
      // others answer with their error, and every engine answers the next edit.
      await setText(editor(page, 'Test string'), `${'a'.repeat(40)}b`);
      await setText(editor(page, 'Pattern'), String.raw`(a+)+\z`);
      const row = (key: string) =>
        rows.filter({ has: page.getByRole('button', { name: key, exact: true }) });
      // 3.11-3.13 answer while 3.14 and 3.15 still run (their deadline is 2 s away).
      await expect(row('3.13')).toContainText(String.raw`bad escape \z at position 5`);
      expect(await row('3.14').textContent()).not.toContain('stopped');
      for (const key of ['3.14', '3.15']) {
        await expect(row(key)).toContainText(/stopped after [\d,]+ ms/, { timeout: BOOT_MS });
      }
      for (const key of ['3.11', '3.12']) {
        await expect(row(key)).toContainText(String.raw`bad escape \z at position 5`);
      }
      await setText(editor(page, 'Pattern'), String.raw`(a+)+b\Z`);
      await expect(region).toHaveAccessibleDescription(
        'All 5 versions give the same outcome as 3.12.',
        { timeout: 2 * BOOT_MS },
      );
      await expect(row('3.15')).toContainText('1 match');
    },
  );
  test(
    'a version used once works offline afterwards, and a first visit caches the default only',
    BOTH_MODES,
    async ({ context, page }) => {
      test.skip(
        onStockWebKit(),
        'WebKitGTK (local connector): context.setOffline is not available through it',
      );
      // Two runtimes boot, then both again offline.
      test.slow();
      await open(page);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The precache holds the default runtime and none of another version's files.
      expect(await cachedPaths(page, 'workbox-precache', '/pyodide/3.14/')).not.toEqual([]);
      expect(await cachedPaths(page, 'workbox-precache', '/pyodide/3.12/')).toEqual([]);

      // Chosen once (on a first visit the service worker does not control yet), 3.12 is cached.
      await choose(page, '3.12', '3.12.7');
      await expect
        .poll(async () => (await cachedPaths(page, 'pyregex-runtimes-', '/pyodide/3.12/')).length, {
          timeout: 20_000,
        })
        .toBe(5);

      await context.setOffline(true);
      try {
        await page.reload();
        await waitReady(page);
        await expect(picker(page)).toHaveValue('3.12');
        await expect(statusBar(page)).toContainText('CPython 3.12.7');
        await setText(editor(page, 'Pattern'), String.raw`a\z`);
        await setText(editor(page, 'Test string'), 'a');
        await expect(page.getByRole('alert').filter({ hasText: BAD_ESCAPE })).toBeVisible();
      } finally {
        await context.setOffline(false);
      }
    },
  );
});
