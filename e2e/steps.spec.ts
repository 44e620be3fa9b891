/**
 * The step counts on the built page (issue 16): after each result the engine's interpreter of
 * CPython's sre virtual machine counts, in the background, what the search cost; each match row
 * says "took N steps" and the summary gives the run's total, or "over 100,000 steps" when the count
 * ran out of its budget (then no row has a figure). Isolated projects only: the page counts steps
 * only with cross-origin isolation (without it a trace could only be stopped by a restart).
 * Driven by accessible names and visible text; fails any test during which the page logs an error.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open, setText } from './helpers';

failOnConsoleErrors();

/** The number of steps a row or the summary states ("took 1,532 steps", "· 1,532 steps"). */
async function stepsIn(target: Locator, pattern: RegExp): Promise<number> {
  await expect(target).toContainText(pattern);
  const text = ((await target.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  return Number(pattern.exec(text)![1]!.replaceAll(',', ''));
}

const ROW_STEPS = /took ([\d,]+) steps?/;
const TOTAL_STEPS = /· ([\d,]+) steps?$/;

test.describe('step counts', () => {
  test('each match row and the summary say what the search cost, and follow an edit', async ({
    page,
  }) => {
    await open(
      page,
      await linkTo({
        pattern: String.raw`(\d+)-(\d+)`,
        text: 'tel 12-345 or 6-78',
        op: 'finditer',
      }),
    );
    const rows = page.getByRole('region', { name: 'Matches' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    const summary = page.getByText(/^2 matches · /);
    const total = await stepsIn(summary, TOTAL_STEPS);
    const first = await stepsIn(rows.nth(0), ROW_STEPS);
    const second = await stepsIn(rows.nth(1), ROW_STEPS);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    // The total also counts what the last search (which finds nothing) costs, if anything: the
    // charset skip of a search takes no steps.
    expect(first + second).toBeLessThanOrEqual(total);

    // A third match typed in: the counts follow the newest result; finding the first match still
    // costs what it did (the text before it did not change).
    await setText(editor(page, 'Test string'), 'tel 12-345 or 6-78 or 9-0');
    await expect(rows).toHaveCount(3);
    const newTotal = await stepsIn(page.getByText(/^3 matches · /), TOTAL_STEPS);
    expect(newTotal).toBeGreaterThan(total);
    expect(await stepsIn(rows.nth(2), ROW_STEPS)).toBeGreaterThan(0);
    expect(await stepsIn(rows.nth(0), ROW_STEPS)).toBe(first);
  });

  test('a run past the budget says "over 100,000 steps" and gives no row a figure', async ({
    page,
  }) => {
    // x matches at once; then (a+)+$ backtracks on the sixteen a's before the b (about 2^16
    // tries: quick in _sre, 655,364 steps in the interpreter). A long time limit: on a loaded
    // machine the count's 100,000 steps can take over a second, and this test is not about it.
    await open(
      page,
      await linkTo({
        pattern: 'x|(a+)+$',
        text: `x${'a'.repeat(16)}b`,
        op: 'finditer',
        deadlineMs: 20_000,
      }),
    );
    const rows = page.getByRole('region', { name: 'Matches' }).getByRole('listitem');
    await expect(rows).toHaveCount(1);
    await expect(page.getByText(/^1 match · /)).toHaveText(/ · over 100,000 steps$/);
    await expect(rows.nth(0)).not.toContainText(/took/);
  });
});
