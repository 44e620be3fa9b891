/**
 * The hostile catalogue, page half (the core half is tests/test_hostile.py): markup in every field
 * stays text and runs nothing, runaway patterns one after another are each stopped, text that
 * JavaScript allows and Python does not gets exact results, a replacement that builds gigabytes gets
 * its output cut and the engine restarted to free the memory, a burst of a thousand edits ends on the
 * newest result, storage that refuses everything leaves the page working, and links that are
 * oversized, from a future version, cut short or unreadable fall back with a notice (one test, one
 * link after another over the same work). Each case also checks that the user's input is still
 * there. Every test fails on a console error or an uncaught exception.
 */
import { expect, onStockWebKit, test, type Page } from './fixtures';
import { BOOT_MS, editor, failOnConsoleErrors, linkTo, open, setText, waitReady } from './helpers';

failOnConsoleErrors();

declare global {
  interface Window {
    __pwned?: number;
  }
}

const matchItems = (page: Page) =>
  page.getByRole('region', { name: 'Matches' }).getByRole('listitem');
const linkNotice = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'This link could not be opened.' });

/** Elements a payload below would create if it were ever parsed as markup. */
const injected = (page: Page) =>
  page.evaluate(() => ({
    images: document.querySelectorAll('img').length,
    inlineScripts: document.querySelectorAll('script:not([src])').length,
    handlers: document.querySelectorAll('[onclick], [onerror], [onload]').length,
    pwned: window.__pwned ?? null,
  }));

const NOTHING_INJECTED = { images: 0, inlineScripts: 0, handlers: 0, pwned: null };

test('markup in the pattern, text, replacement and group names stays text', async ({ page }) => {
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const text = `before ${payload} after <b onclick="window.__pwned=3">bold</b>`;
  await open(
    page,
    await linkTo({
      pattern: '(?P<tag><[^>]+>)',
      text,
      op: 'sub',
      replacement: '<svg onload="window.__pwned=4">\\g<tag>',
    }),
  );
  await expect(matchItems(page)).toHaveCount(5);
  await expect(matchItems(page).first()).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(editor(page, 'Output')).toContainText('<svg onload="window.__pwned=4"><img src=x');
  await expect(editor(page, 'Test string')).toHaveText(text);

  // A group name made of markup: CPython's error, shown as text.
  await setText(editor(page, 'Pattern'), '(?P<<img src=x onerror=window.__pwned=5>>a)');
  await expect(page.getByText(/bad character in group name/).first()).toBeVisible();
  expect(await injected(page)).toEqual(NOTHING_INJECTED);
  await expect(editor(page, 'Test string')).toHaveText(text);
});

test('runaway patterns one after another are each stopped, and the text stays', async ({
  page,
}) => {
  const text = `${'a'.repeat(40)}b`;
  await open(page, await linkTo({ pattern: 'a', text, op: 'search', deadlineMs: 1000 }));
  const status = page.getByRole('status');
  for (const pattern of ['(a+)+$', '(a|a)+$', '(a|aa)+$', '^(a+)+\\1$']) {
    await setText(editor(page, 'Pattern'), pattern);
    // first(): the summary's screen-reader announcement says the same once its delay is over.
    await expect(page.getByText(/^Stopped after/).first()).toBeVisible({ timeout: BOOT_MS });
    await expect(status).toContainText('Ready', { timeout: BOOT_MS });
  }
  await setText(editor(page, 'Pattern'), 'a+b');
  await expect(matchItems(page)).toHaveCount(1);
  await expect(matchItems(page).first()).toContainText('[0, 41)');
  await expect(editor(page, 'Test string')).toHaveText(text);
});

test('lone surrogates, NUL, BOM and RTL marks get exact results and survive a reload', async ({
  page,
}) => {
  const text = 'a\ud800b\u0000c\ufeffd\u202ee\udc00f';
  // Not '\ud800\udc00' side by side in the class: JavaScript would read that as one astral pair.
  await open(page, await linkTo({ pattern: '[\ud800\u0000\udc00\ufeff\u202e]', text }));
  // Five hostile characters, each one match, at CPython's code-point offsets.
  await expect(matchItems(page)).toHaveCount(5);
  await expect(matchItems(page).nth(0)).toContainText('[1, 2)');
  await expect(matchItems(page).nth(4)).toContainText('[9, 10)');
  const kept = () => page.evaluate(() => document.querySelector('#test-string')?.textContent);
  const before = await kept();
  await page.reload();
  await waitReady(page);
  await expect(matchItems(page)).toHaveCount(5);
  expect(await kept()).toBe(before);
});

test('a replacement that builds gigabytes: the output is cut, the engine restarted to free its memory, the work kept', async ({
  page,
}) => {
  // 100 000 matches x 12 000 characters: Python builds a new string of 1.2 GB, and WebAssembly
  // memory never shrinks. A generous deadline: the point here is memory, not time. Building it,
  // restarting and booting again took 43 s of the usual 60 in WebKit on a slower CI machine.
  test.slow();
  const replacement = 'x'.repeat(12_000);
  await open(
    page,
    await linkTo({ pattern: 'a', text: 'b', op: 'sub', replacement, deadlineMs: 30_000 }),
  );
  await setText(editor(page, 'Test string'), 'a'.repeat(100_000));
  await expect(
    page.getByText(/^Cut to the start of the new string: Python's real string is longer/),
  ).toBeVisible({
    timeout: BOOT_MS,
  });
  await expect(
    page.getByText('The engine was restarted to give back the memory a run took.'),
  ).toBeVisible();
  await expect(page.getByText(/grew the engine's memory to \d\.\d GB/)).toBeVisible();
  // The Python code holds the 100 000-character text: only its start is laid out, Copy has it all.
  await expect(
    page
      .getByRole('region', { name: 'Python code' })
      .getByText(/^Showing the first 5,000 of 1\d\d,\d{3} characters/),
  ).toBeVisible();
  await waitReady(page);
  // The Diagnostics panel lists it too, for a bug report.
  await page.getByRole('button', { name: /^Diagnostics/ }).click();
  const diagnostics = page.getByRole('dialog', { name: 'Diagnostics' });
  await expect(diagnostics).toContainText('engine restarted to free memory');
  await page.keyboard.press('Escape');
  await expect(diagnostics).toBeHidden();
  // Nothing the user typed is lost, and the restarted engine answers.
  await expect(editor(page, 'Replacement')).toHaveText(replacement);
  // (CodeMirror lays out only part of a 100 000-character line: the text is checked by matching it.)
  await setText(editor(page, 'Pattern'), '^a{100000}$');
  await expect(matchItems(page)).toHaveCount(1, { timeout: BOOT_MS });
  await expect(matchItems(page).first()).toContainText('[0, 100000)');
});

test('a pasted text of over a million characters goes in exactly (piece by piece), is counted, and one undo takes it back', async ({
  page,
  browserName,
}) => {
  test.skip(
    browserName === 'firefox',
    'Firefox gives a paste event made by a script no clipboard data; Chromium and WebKit run it',
  );
  // A generous deadline: WebKitGTK here takes over 2 s to find the 90 000 matches.
  await open(
    page,
    await linkTo({ pattern: String.raw`row(\d+) 😀\r\n`, text: 'before', deadlineMs: 30_000 }),
  );
  const lines = 90_000;
  const text = editor(page, 'Test string');
  await text.focus();
  await text.press('ControlOrMeta+a');
  // CRLF and an emoji on every line: any character lost or changed between pieces breaks a match.
  // (Made in the page: WebKit's driver drops the page when handed a megabyte argument.)
  const pasted = await text.evaluate((target, count) => {
    const data = Array.from({ length: count }, (_, i) => `row${i} 😀\r\n`).join('');
    const clipboard = new DataTransfer();
    clipboard.setData('text/plain', data);
    target.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
    );
    return data.length;
  }, lines);
  expect(pasted).toBeGreaterThan(1_000_000);
  await expect(page.getByText(/^90,000 matches · /)).toBeVisible({ timeout: BOOT_MS });
  // The first line at its exact place (in code points, as the page shows spans), and the last.
  await expect(matchItems(page).first()).toContainText(`[0, ${[...'row0 😀\r\n'].length})`);
  await page.keyboard.press('ControlOrMeta+End');
  await expect(text).toContainText(`row${lines - 1} 😀`);
  // One undo step takes the whole paste back, and the text before it is there again.
  await text.press('ControlOrMeta+z');
  await expect(text).toHaveText('before');
  await expect(page.getByText(/^No match · /)).toBeVisible({ timeout: BOOT_MS });
});

test('a burst of a thousand edits ends on the newest result, with no error', async ({ page }) => {
  test.skip(
    onStockWebKit(),
    'WebKitGTK (local connector): 49 s there under load, about twice a plain test, on the whole run’s time budget; Chromium and Firefox run it here, and Playwright’s WebKit in CI',
  );
  // One match that grows with every edit: only the newest answer spans the whole text.
  await open(page, await linkTo({ pattern: '(?:ab)+', text: 'x' }));
  const text = editor(page, 'Test string');
  await setText(text, '');
  // 1 000 one-character edits made in the page by the browser's own text insertion, each its own
  // editor transaction and run request: ten a task (a newer request supersedes the one in
  // flight), then a task boundary where answers arrive and are drawn, as when keys outrun the
  // engine. Not typed by the driver: it waits for a repaint per key, and the page then draws every
  // answer (up to 500 matches on one line) after every key: a minute under load, spent on typing
  // speed, which the benchmarks time, not on what this asserts.
  const edits = await page.evaluate(async (keys) => {
    let made = 0;
    for (let i = 0; i < keys.length; i++) {
      if (document.execCommand('insertText', false, keys[i])) made += 1;
      await (i % 10 === 9 ? new Promise((resolve) => setTimeout(resolve, 0)) : Promise.resolve());
    }
    return made;
  }, 'ab'.repeat(500));
  expect(edits).toBe(1000);
  await expect(matchItems(page).first()).toContainText('[0, 1000)', { timeout: BOOT_MS });
  await expect(matchItems(page)).toHaveCount(1);
  await expect(page.getByText(/^1 match · /)).toBeVisible();
  await expect(text).toHaveText('ab'.repeat(500));
});

test('storage that refuses everything: the page works, and says work is not kept', async ({
  page,
}) => {
  // Only on pages opened with ?storage=refused: WebKitGTK's one-tab connector keeps init scripts
  // for the tests after this one, which must have storage.
  await page.addInitScript(() => {
    if (!location.search.includes('storage=refused')) return;
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Object.defineProperty(window, 'localStorage', { get: refuse, configurable: true });
  });
  await page.goto('/?storage=refused');
  await waitReady(page);
  await expect(page.getByText('Your work is not saved in this browser.')).toBeVisible();
  await setText(editor(page, 'Test string'), 'still works 42');
  await setText(editor(page, 'Pattern'), '\\d+');
  await expect(matchItems(page)).toHaveCount(1);
  await expect(matchItems(page).first()).toContainText('[12, 14)');
});

/** Links the page cannot open: over its limit, from a future format version, cut short. */
const UNOPENABLE_LINKS = [
  // Over the page's limit (1.5 million characters) and under the browsers' URL limits.
  ['oversized', `#v1=${'A'.repeat(1_600_000)}`],
  ['from a future version', '#v99=AAAA'],
  ['cut short', '#v1=KLUv_QBY'],
] as const;

// One page for every kind of link that cannot be opened: each is opened over the work the page
// holds (a hash change), shows the notice and keeps that work; the notice is dismissed before the
// next, so each one shows it anew. The last is also loaded afresh (the start-up path).
test('a link oversized, from a future version, cut short or unreadable shows a notice and keeps the last work', async ({
  page,
  browserName,
}) => {
  await open(page);
  await setText(editor(page, 'Test string'), 'my last work');
  await setText(editor(page, 'Pattern'), 'last');
  await expect(matchItems(page)).toHaveCount(1);
  const notice = linkNotice(page);

  for (const [name, fragment] of UNOPENABLE_LINKS) {
    await test.step(`a link ${name}`, async () => {
      if (name === 'oversized' && browserName === 'firefox') {
        test.info().annotations.push({
          type: 'step not run',
          description: `a link ${name}: Firefox refuses URLs over 1 MB itself (network.standard-url.max-length): such a link never reaches the page`,
        });
        return;
      }
      await page.goto(`/${fragment}`);
      await waitReady(page);
      await expect(notice).toBeVisible();
      await expect(editor(page, 'Test string')).toHaveText('my last work');
      await expect(matchItems(page)).toHaveCount(1);
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toBeHidden();
    });
  }

  await test.step('a link that cannot be read, in the same tab and loaded afresh', async () => {
    await page.goto('/#v1=this-is-not-a-permalink');
    await expect(notice).toBeVisible();
    await page.reload();
    await waitReady(page);
    await expect(notice).toBeVisible();
    await expect(editor(page, 'Test string')).toHaveText('my last work');
    await expect(matchItems(page)).toHaveCount(1);

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toBeHidden();
  });
});
