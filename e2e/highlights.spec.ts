/**
 * The two ways the test string draws its matches (issue 19): CSS Custom Highlight API ranges,
 * which repaint without touching the DOM, where the browser draws them (Chromium, Firefox), and
 * CodeMirror decorations elsewhere (WebKit) or when forced. Each path, forced on in every engine,
 * must show exactly the matched characters (astral emoji, CRLF, nested groups), react to hover and
 * click, and highlight only what is near the screen of a long line with thousands of matches.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open } from './helpers';
import {
  forceHighlightMode,
  lastMatchOnScreen,
  highlightModeOf,
  pointAtMatch,
  shownGroups,
  shownMatchTexts,
  shownMatches,
  type HighlightMode,
} from './matchHighlights';

failOnConsoleErrors();

const testString = (page: Page) => editor(page, 'Test string');
const matchItems = (page: Page) =>
  page.getByRole('region', { name: 'Matches' }).getByRole('listitem');

test('matches are drawn with CSS highlights in Chromium and Firefox, with decorations in WebKit', async ({
  page,
  browserName,
}) => {
  await open(page, await linkTo({ pattern: 'b', text: 'abc' }));
  const expected: HighlightMode = browserName === 'webkit' ? 'decorations' : 'api';
  expect(await highlightModeOf(testString(page))).toBe(expected);
  await expect.poll(() => shownMatchTexts(testString(page))).toEqual(['b']);
});

for (const mode of ['api', 'decorations'] as const) {
  test(`${mode} forced: exact spans with emoji and CRLF, nested groups, hover and click, and only what is near the screen of a long line`, async ({
    page,
  }) => {
    // Two sessions on two page loads; WebKitGTK once needed the rest of the minute to close the
    // context at the busy end of a full run.
    test.slow();
    await forceHighlightMode(page, mode);

    await test.step('emoji, CRLF and groups highlight exactly the matched characters', async () => {
      // Astral characters are two UTF-16 units but one Python character; CRLF is kept exactly.
      const text = '😀a😀bb😀 é\r\nbé\r\n';
      await open(page, await linkTo({ pattern: String.raw`(b(b)?)(😀)?|é|\r$`, flags: 'm', text }));
      expect(await highlightModeOf(testString(page))).toBe(mode);
      await expect(matchItems(page)).toHaveCount(6);
      await expect(matchItems(page).nth(0)).toContainText('[3, 6)');
      await expect
        .poll(() => shownMatchTexts(testString(page)))
        .toEqual(['bb😀', 'é', 'CR', 'b', 'é', 'CR']);
      // Groups 1 (bb) with 2 (the second b) nested in it, and 3 (😀); then group 1 of "b".
      await expect
        .poll(async () => (await shownGroups(testString(page))).map((group) => group.text))
        .toEqual(['bb', 'b', '😀', 'b']);
      // For a look at each path in each engine (the report keeps it).
      await test.info().attach(`test string, ${mode}`, {
        body: await testString(page).screenshot(),
        contentType: 'image/png',
      });
    });

    await test.step('pointing at a match marks it in the list; clicking selects it', async () => {
      await pointAtMatch(page, testString(page), 3);
      await expect(matchItems(page).nth(3)).toHaveClass(/hovered/);
      await expect
        .poll(async () => (await shownMatches(testString(page)))[3]?.classes)
        .toMatch(/cm-rx-match-active/);
      await pointAtMatch(page, testString(page), 1, 'click');
      await expect(matchItems(page).nth(1)).toHaveAttribute('aria-current', 'true');
      // The other matches keep their highlight, exactly.
      await expect
        .poll(() => shownMatchTexts(testString(page)))
        .toEqual(['bb😀', 'é', 'CR', 'b', 'é', 'CR']);
    });

    await test.step('one long line with 6 000 matches: only those near the screen are highlighted', async () => {
      await page.goto(`/${await linkTo({ pattern: 'ab', text: 'ab,'.repeat(6_000) })}`);
      await expect(page.getByText(/^6,000 matches · /)).toBeVisible({ timeout: 30_000 });
      await expect
        .poll(async () => (await shownMatches(testString(page))).length)
        .toBeGreaterThan(0);
      const shown = await shownMatches(testString(page));
      expect(shown.length).toBeLessThan(2_000);
      // Each is exactly "ab"; the first and last may be cut where the highlighted stretch ends,
      // off screen.
      const inner = shown.slice(1, -1).map((match) => match.text);
      expect(inner.filter((text) => text !== 'ab')).toEqual([]);
      // Scrolled to the end, the last matches are highlighted there.
      await testString(page).press('Control+End');
      await expect.poll(() => lastMatchOnScreen(testString(page))).toBe(true);
    });
  });
}
