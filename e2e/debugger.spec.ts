/**
 * The step debugger on the built page, against the real interpreter of CPython's sre virtual
 * machine (pyregex.trace in the engine): a match row's Debug opens the Debugger region at that
 * match's first step, the pattern editor outlines the construct being executed and the test-string
 * editor marks the part matched so far and a caret at the engine's position (read through the
 * debugger's own classes and data attributes, never pixels); stepping moves them, "Next backtrack"
 * lands on a backtracking step, and the step count of `(a+)+$` grows with the run of a's before a
 * b; axe finds no serious violation in the region, in either theme. Isolated projects only:
 * nothing here depends on how a run is stopped.
 * Driven by accessible names; fails any test during which the page logs an error or throws.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open, setText, useTheme } from './helpers';

failOnConsoleErrors();

const debuggerRegion = (page: Page) => page.getByRole('region', { name: 'Debugger' });
const words = (page: Page) => debuggerRegion(page).locator('.words');
const construct = (page: Page) => page.locator('#pattern .cm-rx-debug-construct');
const caret = (page: Page) => page.locator('#test-string .cm-rx-debug-caret');
const matched = (page: Page) => page.locator('#test-string .cm-rx-debug-matched');

/** The number in "1,532 steps" of the debugger's totals. */
async function totalSteps(page: Page): Promise<number> {
  const totals = debuggerRegion(page).locator('.totals');
  await expect(totals).toHaveText(/^[\d,]+ steps?/);
  const text = (await totals.textContent()) ?? '';
  return Number(/^([\d,]+) step/.exec(text)![1]!.replaceAll(',', ''));
}

/** axe's serious and critical findings inside the Debugger region. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Legacy mode audits in place, without the blank helper page some engines cannot open.
  const results = await new AxeBuilder({ page }).setLegacyMode().include('.debugger').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The step shown, from the region's words (data-step is 0-based). */
async function stepIndex(page: Page): Promise<number> {
  return Number(await words(page).getAttribute('data-step'));
}

test.describe('step debugger', () => {
  test('opens at a match, and its outline and text mark follow the steps', async ({ page }) => {
    await open(
      page,
      await linkTo({ pattern: String.raw`(\d+)-(\d+)`, text: 'tel 12-345', op: 'search' }),
    );
    const matches = page.getByRole('region', { name: 'Matches' });
    await expect(matches.getByRole('listitem')).toHaveCount(1);

    await matches.getByRole('button', { name: 'Debug match 1' }).click();
    await expect(debuggerRegion(page)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Debug', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // The attempt that found the match starts where it starts: at 4, with nothing matched yet.
    await expect(words(page)).toHaveAttribute('data-start16', '4');
    await expect(caret(page)).toHaveAttribute('data-pos16', '4');
    await expect(matched(page)).toHaveCount(0);
    await expect(construct(page)).toHaveCount(1);
    const opened = await stepIndex(page);
    await expect(debuggerRegion(page).locator('.progress')).toHaveText(
      new RegExp(`^Step ${opened + 1} of [\\d,]+$`),
    );

    // Forward until the engine has moved past the digits: the mark covers them, the caret follows.
    const region = debuggerRegion(page);
    await region.getByRole('button', { name: 'Step', exact: true }).click();
    expect(await stepIndex(page)).toBe(opened + 1);
    for (let i = 0; i < 12 && (await caret(page).getAttribute('data-pos16')) === '4'; i++) {
      await region.press('.');
    }
    await expect(caret(page)).toHaveAttribute('data-pos16', '6');
    await expect(matched(page)).toHaveText('12');
    await expect(matched(page)).toHaveAttribute('data-from', '4');
    await expect(construct(page)).toHaveCount(1);

    // The last step is the match found: [4, 10) in words, the mark over the whole match.
    await region.getByRole('button', { name: 'Last' }).click();
    await expect(words(page)).toContainText('match #1 found: [4, 10)');
    await expect(matched(page)).toHaveText('12-345');
    await expect(caret(page)).toHaveAttribute('data-pos16', '10');

    // Back one step with the key, then the slider to the very first step.
    const last = await stepIndex(page);
    await region.press(',');
    expect(await stepIndex(page)).toBe(last - 1);
    await region.getByRole('slider', { name: 'Step' }).fill('0');
    expect(await stepIndex(page)).toBe(0);

    // Closing removes the region and every mark it drew.
    await region.getByRole('button', { name: 'Close' }).click();
    await expect(debuggerRegion(page)).toHaveCount(0);
    await expect(caret(page)).toHaveCount(0);
    await expect(construct(page)).toHaveCount(0);
  });

  test('jumps to a backtrack, and (a+)+$ takes more steps on a longer run of a', async ({
    page,
  }) => {
    await open(page, await linkTo({ pattern: '(a+)+$', text: 'aaaab', op: 'search' }));
    await page.getByRole('button', { name: 'Debug', exact: true }).click();
    const region = debuggerRegion(page);
    await expect(region).toBeVisible();
    const short = await totalSteps(page);
    expect(await stepIndex(page)).toBe(0);

    await region.getByRole('button', { name: 'Next backtrack' }).click();
    await expect(words(page)).toContainText('backtrack:');
    await expect(region.locator('.row.current')).toHaveClass(/backtrack/);
    const first = await stepIndex(page);
    expect(first).toBeGreaterThan(0);
    await region.press('b');
    expect(await stepIndex(page)).toBeGreaterThan(first);
    await region.press('Shift+B');
    expect(await stepIndex(page)).toBe(first);
    // The pattern outline is on a construct of (a+)+$ and the caret inside the text.
    await expect(construct(page)).toHaveCount(1);
    const pos = Number(await caret(page).getAttribute('data-pos16'));
    expect(pos).toBeGreaterThanOrEqual(0);
    expect(pos).toBeLessThanOrEqual(5);

    // Audited on a backtracking step (its own colours) in both themes.
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      expect(await seriousViolations(page), theme).toEqual([]);
    }

    // The debugger follows the edit: ten a's before the b cost more steps than four.
    await setText(editor(page, 'Test string'), `${'a'.repeat(10)}b`);
    await expect.poll(() => totalSteps(page)).toBeGreaterThan(short);
    await expect(region.locator('.body')).not.toHaveClass(/stale/);
  });
});
