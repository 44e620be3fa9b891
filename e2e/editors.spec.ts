/**
 * The CodeMirror editors in the built page: the test string keeps its text exactly (CRLF, lone CR,
 * tabs, a trailing newline) and shows invisible characters; the pattern is single-line unless
 * VERBOSE is on and never traps Tab; an error at the end of the pattern gets a caret; pointing at a
 * token of the pattern explains it (tooltip, outline, its row in the explanation); matches react
 * to hover and click, and a match picked in the list is scrolled to; many matches decorate only
 * what is visible; the output is read-only with its replaced parts marked.
 * Two tests, one per side of the page (the pattern editor; the test string and the output), each
 * on one page load with a step per check: every load boots Pyodide, which costs seconds, and these
 * checks need nothing but a page. Other sessions come in as links (a hash change, no reload).
 * Editors are found by their accessible names; decorations by the classes they render
 * (cm-rx-*), since the highlight itself is what is being tested. No console error may appear.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, onStockWebKit, test } from './fixtures';
import { editor, failOnConsoleErrors, linkTo, open, setText } from './helpers';
import { lastMatchOnScreen, pointAtMatch, shownMatchTexts, shownMatches } from './matchHighlights';

failOnConsoleErrors();

const matchItems = (page: Page) =>
  page.getByRole('region', { name: 'Matches' }).getByRole('listitem');
const testString = (page: Page): Locator => editor(page, 'Test string');
/** Waits until the test string shows exactly these whole matches (not their groups), in order. */
const expectShown = (page: Page, texts: string[]) =>
  expect.poll(() => shownMatchTexts(testString(page))).toEqual(texts);
/** The classes of the `n`th whole match shown in the test string. */
const classesOf = async (page: Page, n: number) =>
  (await shownMatches(testString(page)))[n]?.classes ?? '';

test('the pattern editor: one line unless VERBOSE, Tab leaves the editors, syntax colours, a caret for an error at its end, and a token pointed at explained, outlined and its row marked', async ({
  page,
}) => {
  await open(page);
  const pattern = editor(page, 'Pattern');
  const verbose = page.getByRole('button', { name: 'VERBOSE', exact: true });

  await test.step('the pattern is one line unless VERBOSE is on, and Tab leaves the editors', async () => {
    await expect(pattern).toHaveAttribute('aria-multiline', 'false');
    await setText(pattern, 'ab');
    await pattern.press('End');
    await pattern.press('Enter');
    await expect(pattern.locator('.cm-line')).toHaveCount(1);
    await expect(pattern).toHaveText('ab');

    await verbose.click();
    await expect(pattern).toHaveAttribute('aria-multiline', 'true');
    await pattern.press('End');
    await pattern.press('Enter');
    await pattern.pressSequentially('# a comment');
    await expect(pattern.locator('.cm-line')).toHaveCount(2);
    await expect(pattern.locator('.cm-rx-comment')).toHaveText('# a comment');

    if (onStockWebKit()) {
      // Not a blanket skip: only this last check, which needs the browser's own Tab navigation.
      test.info().annotations.push({
        type: 'step not run',
        description:
          'Tab leaves the editors: WebKitGTK (local connector): key presses are synthetic DOM ' +
          "events, and a synthetic Tab does not move focus (the browser's default action runs only " +
          'for real input)',
      });
    } else {
      for (const name of ['Pattern', 'Test string'] as const) {
        await editor(page, name).focus();
        await page.keyboard.press('Tab');
        await expect(editor(page, name)).not.toBeFocused();
      }
    }
    // Back to one line, for the steps below.
    await setText(pattern, 'ab');
    await verbose.click();
    await expect(pattern).toHaveAttribute('aria-multiline', 'false');
  });

  await test.step('syntax colours follow the pattern, and an error at its end gets a caret', async () => {
    await setText(pattern, String.raw`(?P<y>\d{4})+?|[a-z]\b(?=x)`);
    await expect(pattern.locator('.cm-rx-group')).toHaveText(['(?P<y>', ')']);
    await expect(pattern.locator('.cm-rx-quantifier')).toHaveText(['{4}', '+?']);
    await expect(pattern.locator('.cm-rx-class')).toHaveText('[a-z]');
    await expect(pattern.locator('.cm-rx-anchor')).toHaveText(String.raw`\b`);
    await expect(pattern.locator('.cm-rx-lookaround')).toHaveText(['(?=', ')']);

    await setText(pattern, 'a|(?');
    const message = 'unexpected end of pattern at position 4';
    await expect(pattern.locator('.cm-rx-error-end')).toBeVisible();
    await expect(pattern).toHaveAttribute('aria-invalid', 'true');
    await expect(pattern).toHaveAccessibleDescription(new RegExp(message));
  });

  await test.step('pointing at a token of the pattern explains it, outlines it and marks its row', async () => {
    await setText(pattern, String.raw`(?P<year>\d{4})-x`);
    const tree = page.getByRole('tree', { name: 'Explanation' });
    await expect(tree).toContainText('exactly 4 of a digit');
    const tooltip = page.locator('.cm-tooltip-hover');
    const marked = tree.locator('.row.marked');

    await pattern.locator('.cm-rx-quantifier').hover();
    await expect(tooltip).toContainText('exactly 4 of a digit');
    await expect(tooltip.locator('code')).toHaveText(String.raw`\d{4}`);
    await expect(pattern.locator('.cm-rx-highlight')).toHaveText(String.raw`\d{4}`);
    await expect(marked).toHaveCount(1);
    await expect(marked).toContainText('exactly 4 of a digit');

    // Another token: the group's own bracket stands for the group.
    await pattern.locator('.cm-rx-group').first().hover();
    await expect(tooltip).toContainText("capturing group #1 named 'year'");
    await expect(marked).toContainText("capturing group #1 named 'year'");

    // Away from the pattern: nothing shown, nothing marked. (WebKitGTK through the local connector
    // sends the editor no mouseleave for this move; Playwright's WebKit in CI does.)
    if (onStockWebKit()) return;
    await page.getByRole('heading', { name: 'Explanation' }).hover();
    await expect(tooltip).toHaveCount(0);
    await expect(marked).toHaveCount(0);
    await expect(pattern.locator('.cm-rx-highlight')).toHaveCount(0);
  });
});

test('the test string keeps CRLF, lone CR, tabs and a trailing newline exactly, matches react to hover and click, only the visible ones of many are decorated, and the output is read-only, exact, with its replaced parts marked', async ({
  page,
}) => {
  // Four sessions on one page load; WebKitGTK takes about 40 s for them here.
  test.slow();

  await test.step('the test string keeps CRLF, lone CR, tabs and a trailing newline exactly', async () => {
    await open(page, await linkTo({ pattern: String.raw`\r`, text: 'one\r\ntwo\rthree\tfour\n' }));
    const text = editor(page, 'Test string');

    await expect(matchItems(page)).toHaveCount(2);
    await expect(matchItems(page).nth(0)).toContainText('[3, 4)');
    await expect(matchItems(page).nth(1)).toContainText('[8, 9)');
    await expectShown(page, ['CR', 'CR']);
    // Control characters are badges with a spoken name; the tab keeps its place, with an arrow.
    await expect(text.locator('.cm-rx-badge')).toHaveText(['CR', 'CR']);
    await expect(text.getByRole('img', { name: /carriage return/ })).toHaveCount(2);
    await expect(text.locator('.cm-rx-tab')).toHaveCount(1);
    // The code CPython runs has exactly this text.
    await expect(page.locator('body')).toContainText(
      String.raw`text = 'one\r\ntwo\rthree\tfour\n'`,
    );
  });

  await test.step('hover and click a match in the text; a match picked in the list is scrolled to', async () => {
    await setText(testString(page), 'ab ab ab');
    await setText(editor(page, 'Pattern'), '(a)b');
    await expectShown(page, ['ab', 'ab', 'ab']);

    await pointAtMatch(page, testString(page), 1);
    await expect.poll(() => classesOf(page, 1)).toMatch(/cm-rx-match-active/);
    await expect(matchItems(page).nth(1)).toHaveClass(/hovered/);
    await pointAtMatch(page, testString(page), 2, 'click');
    await expect.poll(() => classesOf(page, 2)).toMatch(/cm-rx-match-selected/);
    await expect(matchItems(page).nth(2)).toHaveAttribute('aria-current', 'true');

    // A match far below the visible part of the text: picking it in the list brings it into view.
    await page.goto(
      `/${await linkTo({ pattern: 'target', text: `${'filler\n'.repeat(300)}target\nfiller` })}`,
    );
    await expect(matchItems(page)).toHaveCount(1);
    await matchItems(page).first().click();
    await expectShown(page, ['target']);
    await expect(testString(page).locator('.cm-rx-match-selected')).toBeInViewport();
    await expect.poll(() => classesOf(page, 0)).toMatch(/cm-rx-match-selected/);
  });

  await test.step('with many matches only the visible ones are highlighted', async () => {
    await page.goto(`/${await linkTo({ pattern: 'x', text: 'x\n'.repeat(20_000) })}`);
    // The first match of this session highlighted (not the last session's 'target').
    await expect
      .poll(async () => (await shownMatchTexts(testString(page)))[0], { timeout: 30_000 })
      .toBe('x');
    const shown = (await shownMatches(testString(page))).length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(300);
    // Still an editor: typing at the end works, and the last match is highlighted on screen.
    await testString(page).press('Control+End');
    await testString(page).press('x');
    await expect.poll(() => lastMatchOnScreen(testString(page))).toBe(true);
  });

  await test.step('the output is read-only, exact, and marks the replaced parts', async () => {
    await page.goto(
      `/${await linkTo({ op: 'sub', pattern: 'b', replacement: '[\\g<0>]', text: 'ab\r\ncb' })}`,
    );
    const output = editor(page, 'Output');
    await expect(output).toHaveAttribute('aria-readonly', 'true');
    await expect(output.locator('.cm-rx-replaced')).toHaveText(['[b]', '[b]']);
    await expect(output.locator('.cm-rx-badge')).toHaveText('CR');

    // A match replaced by nothing is still shown, as a marker between characters.
    await setText(editor(page, 'Replacement'), '');
    await expect(output.locator('.cm-rx-empty')).toHaveCount(2);
    await output.focus();
    await page.keyboard.type('zz');
    await expect(output.locator('.cm-line').first()).toHaveText('aCR');
  });
});
