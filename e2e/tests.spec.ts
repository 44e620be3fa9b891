/**
 * Test suites on the built page, in the three engines: adding cases three ways (Add as test, Add
 * many cases, Lines as separate strings), verdicts that follow edits to the pattern, a case shown
 * in the test-string editor, editing a case's expectations by keyboard, the pytest file, a suite
 * through Share and back, links made before suites existed, one runaway case among normal ones,
 * and 1 000 pasted cases in a virtualised list. Only the runaway case runs in both isolation modes
 * (it is stopped alone through the shared buffer, or with the whole worker without one); a suite
 * whose cases all finish is the same worker call in either mode (only the per-case watchdog needs
 * the buffer), and the runaway case's last edit runs one without isolation. Driven only through
 * accessible names ("Tests", "Test cases", the buttons' and fields' names); fails any test during
 * which the page logs an error or throws.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Session, TestCase } from '../web/src/lib/state/session';
import { BOTH_MODES, expect, test } from './fixtures';
import {
  BOOT_MS,
  editor,
  failOnConsoleErrors,
  isolatedProject,
  linkTo,
  open,
  setText,
  useTheme,
} from './helpers';
import { shownMatchTexts } from './matchHighlights';

const watchForErrors = failOnConsoleErrors();

const tests = (page: Page) => page.getByRole('region', { name: 'Tests' });
const caseList = (page: Page) => page.getByRole('listbox', { name: 'Test cases' });
const cases = (page: Page) => caseList(page).getByRole('option');
const caseNumber = (page: Page, n: number) =>
  caseList(page).getByRole('option', { name: new RegExp(`Test case ${n}\\b`) });

/** The test-string editor while it shows case `n`. */
const caseEditor = (page: Page, n: number) =>
  page.getByRole('textbox', { name: `Test case ${n}`, exact: true });

async function summaryOf(page: Page): Promise<string> {
  const id = await tests(page).getAttribute('aria-describedby');
  return (await page.locator(`[id="${id}"]`).innerText()).replace(/\s+/g, ' ');
}

/** Waits until the summary (the region's description) says `text`. */
async function expectSummary(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => summaryOf(page), { timeout: 15_000 }).toMatch(text);
}

async function addMany(page: Page, lines: string, expectation: string): Promise<void> {
  await tests(page).getByRole('button', { name: 'Add many cases…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add many cases' });
  await dialog.getByRole('textbox', { name: 'Test cases, one per line' }).fill(lines);
  await dialog.getByRole('radio', { name: expectation, exact: true }).check();
  await dialog.getByRole('button', { name: /^Add [\d,]+ cases?$/ }).click();
  await expect(dialog).toBeHidden();
}

const DATE = String.raw`^\d{4}-\d\d$`;

test.describe('test suites', () => {
  test('adds cases three ways, shows pass and fail, and follows pattern edits', async ({
    page,
  }) => {
    await open(page, await linkTo({ pattern: DATE, op: 'search', text: '2025-10' }));
    await expect(tests(page).getByText('No test cases yet.')).toBeVisible();

    // 1. The test string as it is, expecting what CPython does now.
    await tests(page).getByRole('button', { name: 'Add as test' }).click();
    await expect(cases(page)).toHaveCount(1);
    await expect(caseNumber(page, 1)).toContainText('expects match');
    await expectSummary(page, /1 case: 1 passed, 0 failed/);

    // 2. Many lines at once, all expecting a match.
    await addMany(page, '2025-11\nnot a date', 'match');
    await expectSummary(page, /3 cases: 2 passed, 1 failed/);
    await expect(caseNumber(page, 3)).toContainText('✗ failed');
    await expect(caseNumber(page, 2)).toContainText('✓ passed');

    // 3. Each line of the test string as its own case, as CPython does now.
    await setText(editor(page, 'Test string'), '1999-01\nabc');
    await tests(page).getByRole('button', { name: 'Lines as separate strings…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Lines as separate strings' });
    await expect(dialog.getByRole('list', { name: 'First lines' })).toContainText('1999-01');
    await dialog.getByRole('radio', { name: 'as CPython does now' }).check();
    await dialog.getByRole('button', { name: 'Add 2 cases' }).click();
    await expectSummary(page, /5 cases: 4 passed, 1 failed/);
    await expect(caseNumber(page, 5)).toContainText('expects no match');

    // The pattern changes: every verdict follows.
    await setText(editor(page, 'Pattern'), String.raw`^\d{4}$`);
    await expectSummary(page, /5 cases: 1 passed, 4 failed/);
    await expect(caseNumber(page, 1)).toContainText('✗ failed');
    await expect(caseNumber(page, 5)).toContainText('✓ passed');
  });

  test('a case clicked is shown in the test-string editor, with its matches; cases are moved, deleted (and undone) and edited from the keyboard', async ({
    page,
  }) => {
    await test.step('a case clicked is shown in the test-string editor, with its matches', async () => {
      const suite: TestCase[] = [
        { text: 'no digits', expect: 'no match' },
        { text: 'a1b22', expect: 'match' },
      ];
      await open(page, await linkTo({ pattern: String.raw`\d+`, text: 'x9', tests: suite }));
      await expectSummary(page, /2 cases: 2 passed, 0 failed/);

      await caseNumber(page, 2).click();
      await expect(tests(page).getByRole('heading', { name: 'Test case 2' })).toBeVisible();
      const shown = caseEditor(page, 2);
      await expect(shown).toHaveText('a1b22');
      await expect.poll(() => shownMatchTexts(shown)).toEqual(['1', '22']);
      await expect(page.getByRole('list', { name: 'Matches' }).getByRole('listitem')).toHaveCount(
        2,
      );

      // Typing in the editor edits the case, never the test string.
      await shown.press('End');
      await shown.pressSequentially('333');
      await expect(caseNumber(page, 2)).toContainText('a1b22333');

      await page.getByRole('button', { name: 'Back to the test string' }).click();
      await expect(editor(page, 'Test string')).toHaveText('x9');
      await expect(page.getByRole('list', { name: 'Matches' }).getByRole('listitem')).toHaveCount(
        1,
      );
    });

    await test.step('cases are moved, deleted (and undone) and edited from the keyboard', async () => {
      const suite: TestCase[] = [
        { text: 'one', expect: 'match' },
        { text: 'two', expect: 'match' },
        { text: 'three', expect: 'match' },
      ];
      // Another session, opened as a link over this one (a hash change, no second boot).
      await page.goto(
        `/${await linkTo({ pattern: '(t)(w)?', op: 'findall', text: 'x', tests: suite })}`,
      );
      await expectSummary(page, /3 cases: 2 passed, 1 failed/);

      await caseList(page).focus();
      await page.keyboard.press('ArrowDown');
      await expect(caseNumber(page, 1)).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Alt+ArrowDown');
      await expect(caseNumber(page, 2)).toContainText('one');
      await expect(caseNumber(page, 2)).toHaveAttribute('aria-selected', 'true');

      await page.keyboard.press('Delete');
      await expect(cases(page)).toHaveCount(2);
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect(cases(page)).toHaveCount(3);
      await expect(caseNumber(page, 2)).toContainText('one');

      // Expected values are Python literals; a mistake is shown at the field and nothing is lost.
      await caseNumber(page, 1).click(); // 'two'
      const returns = tests(page).getByRole('textbox', { name: 'Expected return value' });
      await returns.fill("[('t', 'w'");
      await expect(returns).toHaveAttribute('aria-invalid', 'true');
      await expect(tests(page).getByText('At the end: Expected "," or ")" here.')).toBeVisible();
      await expect(returns).toHaveValue("[('t', 'w'");
      await returns.fill("[('t', 'x')]");
      await expect(returns).toHaveAttribute('aria-invalid', 'false');
      await expect(caseNumber(page, 1)).toContainText('✗ failed');
      // What it expected, beside what CPython returned.
      await expect(tests(page).getByRole('definition').nth(0)).toContainText("[('t', 'x')]");
      await expect(tests(page).getByRole('definition').nth(1)).toContainText("[('t', 'w')]");
      await returns.fill("[('t', 'w')]");
      await expect(caseNumber(page, 1)).toContainText('✓ passed');

      await tests(page).getByRole('radio', { name: 'no match' }).check();
      await expect(caseNumber(page, 1)).toContainText('✗ failed');
      await tests(page).getByRole('textbox', { name: 'Name' }).fill('has tw');
      await expect(caseNumber(page, 1)).toContainText('has tw');

      // The suite as a pytest file.
      await page.getByRole('tab', { name: 'pytest file' }).click();
      const code = page.getByRole('tabpanel', { name: 'pytest file' });
      await expect(code).toContainText('def test');
      await expect(code.getByRole('button', { name: 'Download test_pattern.py' })).toBeEnabled();
    });
  });

  test('a suite goes through Share and comes back with the same verdicts', async ({
    page,
    context,
  }) => {
    await open(page, await linkTo({ pattern: '[aeiou]', op: 'search', text: 'rhythm' }));
    await addMany(page, 'cat\nsky\r\n\tdog', 'match');
    await expectSummary(page, /3 cases: 2 passed, 1 failed/);
    const rows = await cases(page).allInnerTexts();

    await page.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByText(/Link copied|in the address bar/)).toBeVisible();
    const link = page.url();
    const other = await context.newPage();
    if (other !== page) watchForErrors(other);
    await other.goto(link);
    await expect(other.getByRole('status')).toContainText('Ready', { timeout: BOOT_MS });
    await expectSummary(other, /3 cases: 2 passed, 1 failed/);
    expect(await cases(other).allInnerTexts()).toEqual(rows);
  });

  const before = JSON.parse(
    readFileSync(
      new URL('../tests/fixtures/permalinks/v1-before-suites.json', import.meta.url),
      'utf8',
    ),
  ) as Array<{ name: string; fragment: string; session: Omit<Session, 'tests' | 'python'> }>;

  test('links made before suites open exactly as before', async ({ page }) => {
    for (const link of before) {
      await page.goto(`/${link.fragment}`);
      await expect(page.getByRole('status')).toContainText(/Ready|Running/, { timeout: BOOT_MS });
      await expect(editor(page, 'Pattern'), link.name).toHaveText(link.session.pattern);
      await expect(page.getByRole('combobox', { name: 'Operation' })).toHaveValue(link.session.op);
      await expect(tests(page).getByText('No test cases yet.')).toBeVisible();
      // The session the page now holds (it saves it), field for field: on 3.14, which they ran on.
      await expect
        .poll(() =>
          page.evaluate(() => {
            const saved = localStorage.getItem('pyregex:session');
            return saved === null ? null : (JSON.parse(saved) as { session: unknown }).session;
          }),
        )
        .toEqual({ ...link.session, tests: [], python: '3.14' });
    }
  });

  test('one runaway case among normal ones', BOTH_MODES, async ({ page }) => {
    const suite: TestCase[] = [
      { text: 'aaa', expect: 'match' },
      { text: `${'a'.repeat(30)}b`, expect: 'no match', name: 'runaway' },
      { text: 'xyz', expect: 'match' },
    ];
    // Not open(): the suite runs as soon as the engine is up, so "Ready" may never show between
    // the boot and the run (and without isolation, not before a second boot).
    await page.goto(
      `/${await linkTo({ pattern: '(a+)+$', op: 'search', text: 'aaa', tests: suite })}`,
    );
    if (isolatedProject()) {
      // Interrupted alone: it timed out, the others have their verdicts.
      await expect
        .poll(() => summaryOf(page), { timeout: BOOT_MS })
        .toMatch(/3 cases: 1 passed, 1 failed, 1 timed out/);
      await expect(caseNumber(page, 2)).toContainText('timed out');
      await expect(caseNumber(page, 1)).toContainText('✓ passed');
      await expect(caseNumber(page, 3)).toContainText('✗ failed');
    } else {
      // Without isolation the worker is restarted: the panel says so, and the next edit runs.
      // Two boots and a deadline: slow in WebKit on a loaded machine.
      test.slow();
      await expect(tests(page).getByRole('note')).toContainText(
        /Stopped after \d+\.\d s: a case ran away, and without cross-origin isolation pyregex cannot stop one case alone\./,
        { timeout: BOOT_MS },
      );
      await expect(page.getByRole('status')).toContainText('Ready', { timeout: BOOT_MS });
    }
    await setText(editor(page, 'Pattern'), 'a+$');
    await expectSummary(page, /3 cases: 2 passed, 1 failed/);
    await expect(tests(page).getByRole('note')).toHaveCount(0);
  });

  test('1 000 pasted lines run, and only a window of them is in the page', async ({ page }) => {
    await open(page, await linkTo({ pattern: String.raw`^line \d+$`, op: 'search', text: 'x' }));
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n');
    await addMany(page, lines, 'match');
    await expectSummary(page, /1,000 cases: 1,000 passed, 0 failed/);
    expect(await cases(page).count()).toBeLessThan(60);

    await caseList(page).focus();
    await page.keyboard.press('End');
    await expect(caseNumber(page, 1000)).toHaveAttribute('aria-selected', 'true');
    await expect(caseNumber(page, 1000)).toBeInViewport();
    await expect(caseEditor(page, 1000)).toHaveText('line 1000');
    expect(await cases(page).count()).toBeLessThan(60);
  });
});

/** axe's serious and critical findings in the Tests region, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Legacy mode audits in place, without the blank helper page some engines cannot open.
  const results = await new AxeBuilder({ page }).setLegacyMode().include('.tests-panel').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Audited in both themes on one page, switched with the toggle (no second load).
test('axe finds no serious or critical violation in Tests, in the light and the dark theme', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const suite: TestCase[] = [
    { text: 'a\r\nb\t', expect: 'match', name: 'special' },
    { text: 'zzz', expect: 'match' },
    { text: '', expect: 'no match' },
  ];
  await open(page, await linkTo({ pattern: 'a', op: 'search', text: 'a', tests: suite }));
  await expectSummary(page, /3 cases: 2 passed, 1 failed/);
  await caseNumber(page, 2).click();
  await expect(tests(page).getByRole('heading', { name: 'Test case 2' })).toBeVisible();
  for (const theme of ['light', 'dark'] as const) {
    await useTheme(page, theme);
    expect(await seriousViolations(page), theme).toEqual([]);
  }
});
