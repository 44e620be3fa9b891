// How the bench edits the page: real key presses for typing (Playwright → CDP Input events, so
// keydown.timeStamp is the browser's), and a paste for big texts. A paste is how users put a
// 1 MB log into the page, and it is the only fast way in: typing a megabyte takes minutes, and a
// permalink of it would be longer than the page accepts (MAX_FRAGMENT_CHARS) once 100 000
// matches' worth of varied text is compressed. The paste is a real `paste` ClipboardEvent with a
// DataTransfer on the focused editor, which CodeMirror handles exactly like a user's paste
// (no test hook in the page, no reaching into CodeMirror's internals).

/** An editor of the page by its accessible name ("Pattern", "Test string"). */
export const editor = (page, name) => page.getByRole('textbox', { name, exact: true });

/** Focuses the editor and selects everything in it (what the next paste or key replaces). */
export async function selectAll(page, name) {
  await editor(page, name).focus();
  await page.keyboard.press('ControlOrMeta+a');
}

/**
 * Replaces the editor's text with `text` by a paste. Resolves with the paste event's timeStamp
 * (ms since navigation start), the moment of the edit.
 * The text reaches the page in a task of its own first: handing a megabyte to the page through
 * the DevTools protocol takes the main thread about 30 ms, which is the bench's work, not the
 * page's, and would otherwise count in the paste's task (P4's longest task).
 */
export async function pasteInto(page, name, text) {
  await selectAll(page, name);
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    window.__benchClipboard = data;
  }, text);
  return page.evaluate(() => {
    const target = document.activeElement;
    const event = new ClipboardEvent('paste', {
      clipboardData: window.__benchClipboard,
      bubbles: true,
      cancelable: true,
    });
    delete window.__benchClipboard;
    target.dispatchEvent(event);
    return event.timeStamp;
  });
}

/**
 * Replaces the editor's text with `text` in Firefox, whose synthetic paste event carries no
 * clipboard data (the constructor's `clipboardData` is not taken): Playwright's fill, an input
 * event as typing makes. Resolves with the page's clock just before it, as pasteInto does.
 */
export async function fillInto(page, name, text) {
  await selectAll(page, name);
  const at = await page.evaluate(() => performance.now());
  await editor(page, name).fill(text);
  return at;
}

/** Puts the caret at the end of the editor's text. */
export async function caretToEnd(page, name) {
  await editor(page, name).focus();
  await page.keyboard.press('ControlOrMeta+End');
}

/**
 * Resolves once the page has applied a result for `pattern` (its `pyregex:result-applied` mark)
 * after `since` and painted the next frame: {applied, frame} in page ms.
 */
export async function appliedAfter(page, pattern, since, timeout = 120_000) {
  const handle = await page.waitForFunction(
    ({ expected, after }) => {
      const found = window.__bench.applied.find(
        (record) => record.detail?.pattern === expected && record.at >= after,
      );
      return found && found.frame !== null ? { applied: found.at, frame: found.frame } : null;
    },
    { expected: pattern, after: since },
    { timeout, polling: 'raf' },
  );
  return handle.jsonValue();
}
