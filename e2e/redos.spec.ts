/**
 * The ReDoS warning on the built page (issue 17): after a result, the engine checks in the
 * background whether the pattern can backtrack catastrophically; `(a+)+$` gets a warning in the
 * problems area (its culprit outlined in the pattern, the attack, the evidence, the fix hint), and
 * "Use attack string" puts an attack long enough into the test string that the deadline stops the
 * run. A safe pattern gets no warning. Isolated projects only: the page checks only with
 * cross-origin isolation (as for the step counts). Fails any test during which the page logs an
 * error.
 */
import { expect, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open, setText } from './helpers';

failOnConsoleErrors();

const DEADLINE_MS = 4_000;
/** The deadline plus slack for a loaded machine. */
const STOP_MS = DEADLINE_MS + 15_000;

const warning = (page: import('@playwright/test').Page) =>
  page.getByRole('region', { name: /Catastrophic backtracking/ });

/** The pattern row, whose data-redos says where the check stands (none, checking, a verdict...). */
const checked = (page: import('@playwright/test').Page) =>
  page.getByRole('region', { name: 'Regular expression' });

test.describe('ReDoS warning', () => {
  test('(a+)+$ is warned about; its attack string is stopped by the deadline', async ({ page }) => {
    // A 4 s deadline gives the check 2 s: on a loaded machine (two browsers booting on two cores)
    // the default 1 s can run out, and the check then rightly says "unknown".
    await open(
      page,
      await linkTo({ pattern: '(a+)+$', text: 'aaa', op: 'search', deadlineMs: DEADLINE_MS }),
    );
    const found = warning(page);
    await expect(checked(page)).not.toHaveAttribute('data-redos', /none|checking/, {
      timeout: 20_000,
    });
    // A check that failed (e.g. stopped by the deadline on a loaded machine) says why here.
    expect(await checked(page).getAttribute('data-redos-why')).toBeNull();
    await expect(checked(page)).toHaveAttribute('data-redos', 'exponential', { timeout: 20_000 });
    await expect(found).toBeVisible();
    await expect(found).toContainText('exponential');
    await expect(found).toContainText("Attack: 'a' × n + 'b'");
    await expect(found.locator('code.culprit')).toHaveText('(a+)+');
    await expect(found.getByRole('table')).toContainText('steps');
    await expect(found).toContainText('Fix:');
    // The culprit is outlined in the pattern editor too.
    await expect(page.locator('.cm-rx-redos-culprit')).toHaveText('(a+)+');

    await found.getByRole('button', { name: 'Use attack string' }).click();
    const text = (await editor(page, 'Test string').textContent()) ?? '';
    expect(text).toMatch(/^a{20,}b$/);
    await expect(page.getByText(/^Stopped after /)).toBeVisible({ timeout: STOP_MS });
    // The pattern did not change: the warning stays.
    await expect(found).toBeVisible();
  });

  test('a safe pattern shows no warning', async ({ page }) => {
    // First a warning (so its absence below means something), with the same roomy deadline.
    await open(
      page,
      await linkTo({ pattern: '(a+)+$', text: 'aaa', op: 'search', deadlineMs: DEADLINE_MS }),
    );
    await expect(checked(page)).toHaveAttribute('data-redos', 'exponential', { timeout: 20_000 });
    await expect(warning(page)).toBeVisible();
    await setText(editor(page, 'Pattern'), 'a+b');
    // Once the background check answered "safe", nothing is said.
    await expect(checked(page)).toHaveAttribute('data-redos', 'safe', { timeout: 20_000 });
    await expect(warning(page)).toHaveCount(0);
    await expect(page.locator('.cm-rx-redos-culprit')).toHaveCount(0);
  });
});
