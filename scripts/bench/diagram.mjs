// R1: what the railroad diagram costs per pattern keystroke (issue 18), with the panel open against
// folded, measured in the same run, alternating: keystroke → the matches painted (what typing
// waits for: the diagram is drawn after that frame, so it should cost nothing here), and
// keystroke → the diagram painted for the new pattern (folded: the explanation's answer applied,
// which the diagram is drawn from). Two patterns: a typical one (about 80 characters, every
// kind of group) and a 2 000-character one (480 parts, stacked in rows). `?` typed at the end,
// then Backspace, one keystroke at a time. It never touches any origin but 127.0.0.1 and asserts
// nothing about the figures.
import { freshBrowser, openReadyPage } from './browser.mjs';
import { appliedAfter, caretToEnd, pasteInto } from './editing.mjs';
import { fragmentOf, sessionOf } from './links.mjs';

export const DIAGRAM_PATTERNS = {
  typical: String.raw`^(?P<user>[\w.+-]+)@(?=[a-z])(?P<host>[\w-]+(?:\.[\w-]+)+?)(?<!-)$|(?>x{2,5})`,
  long: String.raw`(?:ab|cd)\d+x`.repeat(160),
};

/**
 * Resolves with the first frame after the page shows `expected`, in page ms: in the diagram (its
 * image is named after the pattern it draws) or, folded, the explanation (the answer of the
 * worker's `explain` call for it arrived, after `since`: the page applies it in that task).
 */
function paintedWhen(page, where, expected, since) {
  return page
    .waitForFunction(
      ({ where, expected, since }) => {
        const shown =
          where === 'diagram'
            ? document
                .querySelector('figure[aria-label="Railroad diagram"] svg')
                ?.getAttribute('aria-label') === `Railroad diagram of the pattern ${expected}`
            : window.__bench.calls.some(
                (c) =>
                  c.method === 'explain' &&
                  c.request?.pattern === expected &&
                  c.sentAt >= since &&
                  c.answeredAt !== null,
              );
        if (!shown) return null;
        return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
      },
      { where, expected, since },
      { timeout: 60_000, polling: 'raf' },
    )
    .then((handle) => handle.jsonValue());
}

async function keystrokes(page, pattern, count, where) {
  const samples = [];
  for (let k = 0; k < count; k++) {
    const typing = k % 2 === 0;
    const expected = typing ? `${pattern}?` : pattern;
    const before = await page.evaluate(() => window.__bench.keydowns.length);
    await page.keyboard.press(typing ? '?' : 'Backspace');
    const keydown = await page.evaluate((n) => window.__bench.keydowns[n]?.at ?? null, before);
    if (keydown === null) throw new Error('R1: the keydown was not seen');
    const { frame } = await appliedAfter(page, expected, keydown);
    const shown = await paintedWhen(page, where, expected, keydown);
    samples.push({ matches: frame - keydown, shown: shown - keydown });
    await page.waitForTimeout(150);
  }
  return samples;
}

async function setFolded(page, folded) {
  const toggle = page.getByRole('button', { name: 'Railroad diagram' });
  if ((await toggle.getAttribute('aria-expanded')) === String(folded)) await toggle.click();
}

export async function measureDiagram(url, perRound, log) {
  const { browser, context } = await freshBrowser();
  const result = {};
  try {
    const page = await openReadyPage(
      context,
      `${url}${await fragmentOf(sessionOf({ text: 'ab@cd.org' }))}`,
    );
    for (const [name, pattern] of Object.entries(DIAGRAM_PATTERNS)) {
      const folded = [];
      const open = [];
      await pasteInto(page, 'Pattern', pattern);
      for (let round = 0; round < 4; round++) {
        for (const isFolded of [true, false]) {
          await setFolded(page, isFolded);
          await caretToEnd(page, 'Pattern');
          await page.waitForTimeout(300);
          const where = isFolded ? 'explanation' : 'diagram';
          (isFolded ? folded : open).push(...(await keystrokes(page, pattern, perRound, where)));
        }
      }
      result[name] = { folded, open, length: pattern.length };
      log(`R1 ${name}: ${folded.length} keystrokes folded, ${open.length} open`);
    }
    return result;
  } finally {
    await browser.close();
  }
}
