/**
 * The Reference panel in the built page: the search filters as the user types ("possessive" finds
 * the possessive quantifiers, a word no entry has says so), a pattern entry clicked goes in at the
 * pattern's cursor (the cursor after it, one undo step), a replacement entry clicked while the
 * operation has no replacement switches it to sub and goes after the kept replacement, and with
 * sub on, one goes in at the replacement's cursor.
 * One page load, a step per check: every load boots Pyodide. No console error may appear.
 * Not tagged
 * @both-modes, so it runs in the isolated projects only (nothing here depends on isolation).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open, setText, useTheme } from './helpers';

failOnConsoleErrors();

/** axe's serious and critical findings inside the Reference panel (contrast in both themes...). */
async function seriousViolations(page: Page): Promise<string[]> {
  // Legacy mode audits in place, without the blank helper page some engines cannot open.
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .include('.reference-panel')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const reference = (page: Page) => page.getByRole('region', { name: 'Reference', exact: true });
/** An entry's button: its accessible name is the syntax, then the meaning. */
const entry = (page: Page, syntax: string) =>
  reference(page).getByRole('button', {
    name: new RegExp(`^${syntax.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} `),
  });

test('the reference filters as one types and inserts an entry at the cursor of the pattern or, switching to sub, of the replacement', async ({
  page,
}) => {
  await open(page, await linkTo({ op: 'search', replacement: 'X-' }));
  // Folded on a first visit: its heading opens it.
  const heading = page.getByRole('button', { name: 'Reference', exact: true });
  await expect(heading).toHaveAttribute('aria-expanded', 'false');
  await heading.click();
  const search = reference(page).getByRole('searchbox', { name: 'Search the reference' });

  await test.step('"possessive" shows the possessive quantifiers and nothing else', async () => {
    await search.fill('possessive');
    const entries = reference(page).getByRole('listitem').getByRole('button');
    await expect(entries).toHaveCount(7);
    for (const syntax of ['*+', '++', '?+', '{m}+', '{m,n}+', '{m,}+', '{,n}+']) {
      await expect(entry(page, syntax)).toBeVisible();
    }
    await expect(reference(page).locator('[aria-live]')).toHaveText('7 entries match.');
    await expect(reference(page).getByText('new in 3.11')).toHaveCount(7);
  });

  await test.step('axe finds no serious violation in the panel, light or dark, badges shown', async () => {
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      expect(await seriousViolations(page), theme).toEqual([]);
    }
  });

  await test.step('a word no entry has says so', async () => {
    await search.fill('possessive zebra');
    await expect(reference(page).getByRole('listitem')).toHaveCount(0);
    await expect(reference(page).locator('[aria-live]')).toHaveText(
      'No entry matches “possessive zebra”.',
    );
  });

  await test.step('clicking *+ inserts it at the cursor in the pattern, as one undo step', async () => {
    const pattern = editor(page, 'Pattern');
    await setText(pattern, 'ab');
    await pattern.press('End');
    await pattern.press('ArrowLeft'); // the cursor between a and b
    await search.fill('possessive');
    await entry(page, '*+').click();
    await expect(pattern).toHaveText('a*+b');
    await expect(pattern).toBeFocused();
    await page.keyboard.type('c'); // the cursor is right after the insertion
    await expect(pattern).toHaveText('a*+cb');
    await page.keyboard.press('ControlOrMeta+z');
    await page.keyboard.press('ControlOrMeta+z');
    await expect(pattern).toHaveText('ab');
  });

  await test.step('clicking \\g<name> with op match switches to sub and adds it to the replacement', async () => {
    const operation = page.getByRole('combobox', { name: 'Operation' });
    await operation.selectOption('match');
    await expect(editor(page, 'Replacement')).toHaveCount(0);
    await search.fill('\\g<name>');
    await entry(page, '\\g<name>').click();
    await expect(operation).toHaveValue('sub');
    const replacement = editor(page, 'Replacement');
    // The editor was not there: the entry goes after the replacement the session kept.
    await expect(replacement).toHaveText('X-\\g<name>');
    await expect(replacement).toBeFocused();
  });

  await test.step('with sub on, a replacement entry goes in at the replacement cursor', async () => {
    const replacement = editor(page, 'Replacement');
    await replacement.press('Home');
    await search.fill('whole match');
    await entry(page, '\\g<0>').click();
    await expect(replacement).toHaveText('\\g<0>X-\\g<name>');
  });
});
