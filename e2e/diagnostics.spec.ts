/**
 * The Diagnostics panel: a failure on the page is counted on the status bar's button, listed in the
 * panel with the engine's versions and lifecycle, and "Copy bug report" copies a report that leaves
 * the user's pattern and text out unless the box is ticked. The clipboard is replaced by a recorder
 * (reading the real one needs permissions only Chromium grants); what is checked is the text the
 * page hands it.
 *
 * This spec causes an uncaught error on purpose, so it uses neither of the helpers' watchers (the
 * other specs check console errors and requests to other origins).
 */
import { expect, test } from './fixtures';
import { linkTo, open } from './helpers';

declare global {
  interface Window {
    __copied: string[];
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__copied = [];
    const recorder = {
      writeText: async (text: string) => {
        window.__copied.push(text);
      },
    };
    Object.defineProperty(navigator, 'clipboard', { value: recorder, configurable: true });
  });
});

test('a failure is counted, listed, and reported without the input unless asked', async ({
  page,
}) => {
  await open(page, await linkTo({ pattern: 'secret-(pattern)', text: 'my secret-pattern text' }));
  const button = page.getByRole('button', { name: /^Diagnostics/ });
  await expect(button).toHaveText('Diagnostics');

  await page.evaluate(() => {
    setTimeout(() => {
      throw new Error('simulated failure');
    });
  });
  await expect(button).toHaveText('Diagnostics (1)');

  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Diagnostics' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('page · uncaught error');
  await expect(dialog).toContainText('simulated failure');
  // Each step names the version whose engine took it: the page runs one engine per version.
  await expect(dialog).toContainText(/Python 3\.\d+ · loaded → ready/);
  await expect(dialog).toContainText(/Pyodide \d+\.\d+\.\d+/);
  // This build names no error-report endpoint: no such choice, and nothing is ever sent.
  await expect(dialog.getByRole('heading', { name: 'Error reports' })).toHaveCount(0);

  await dialog.getByRole('button', { name: 'Copy bug report' }).click();
  await expect.poll(() => page.evaluate(() => window.__copied.length)).toBe(1);
  const plain = (await page.evaluate(() => window.__copied[0])) ?? '';
  expect(plain).toContain('## pyregex bug report');
  expect(plain).toContain('simulated failure');
  expect(plain).toMatch(/- engine: Python 3\.\d+\.\d+, Pyodide/);
  expect(plain).not.toContain('secret');

  await dialog.getByRole('checkbox', { name: 'Include my pattern and test string' }).check();
  await dialog.getByRole('button', { name: 'Copy bug report' }).click();
  await expect.poll(() => page.evaluate(() => window.__copied.length)).toBe(2);
  const withInput = (await page.evaluate(() => window.__copied[1])) ?? '';
  expect(withInput).toContain('```\nsecret-(pattern)\n```');
  expect(withInput).toContain('```\nmy secret-pattern text\n```');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
