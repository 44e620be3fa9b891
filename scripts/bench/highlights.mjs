// L1-L2: what a pattern keystroke costs over many matches, with the test string's matches drawn
// as CSS highlights (issue 19) against CodeMirror decorations, measured in the same run,
// alternating: two pages of one browser, one forced to each path (localStorage
// 'pyregex:highlights', read once per page load), 10 keystrokes on one, then 10 on the other.
// L1 is one long line, `ab,` × 6 000 (6 000 matches on one wrapped line: every decoration is an
// element of that one paragraph, which the browser lays out and paints again on each keystroke);
// L2 is 100 against 100 000 matches one per line (only the visible ones are drawn either way).
// Each keystroke: `,` typed at the pattern's end, then Backspace, so every match changes (`ab`
// ↔ `ab,`) and every highlight is drawn anew (a keystroke that keeps the matches, as P3's `?`
// does, repaints far less with CSS highlights, whose unchanged ranges are kept), timed from the keydown to the first frame after the page applied its result, and split as P3
// does (applied → painted is the highlighting's own share). After each paste, the first
// WARMUP_KEYSTROKES keystrokes in each mode are timed apart (`warmup`, reported beside the
// table, not in it), as P4 and P6 keep their first paste apart: they run on code the worker and
// the page have not run yet (on a busier machine, the first 4 keystrokes over 6 000 matches came
// too late for the keystroke's frame, which decided a p95 of 30 keystrokes).
import { freshBrowser, openReadyPage } from './browser.mjs';
import { appliedAfter, caretToEnd, pasteInto } from './editing.mjs';
import { phasesOf, visibleHighlights } from './typing.mjs';

export const HIGHLIGHT_TEXTS = {
  longLine: { text: 'ab,'.repeat(6_000), pattern: '(a)(b)', matches: 6_000 },
  few: { text: 'ab,\n'.repeat(100), pattern: '(a)(b)', matches: 100 },
  many: { text: 'ab,\n'.repeat(100_000), pattern: '(a)(b)', matches: 100_000 },
};
const MODES = ['api', 'decorations'];
const MIN_INTERVAL_MS = 150;
/** Keystrokes timed apart right after each paste (see above). */
export const WARMUP_KEYSTROKES = 6;

async function pageFor(context, url, mode) {
  return openReadyPage(context, url, {
    beforeLoad: (page) =>
      page.addInitScript((chosen) => {
        if (location.protocol.startsWith('http'))
          localStorage.setItem('pyregex:highlights', chosen);
      }, mode),
  });
}

/** `count` timed keystrokes at the pattern's end, once the caret is there and the page settled. */
async function keystrokesAtEnd(page, pattern, count) {
  await caretToEnd(page, 'Pattern');
  await page.waitForTimeout(300);
  return keystrokes(page, pattern, count);
}

async function keystrokes(page, pattern, count) {
  const samples = [];
  for (let k = 0; k < count; k++) {
    const typing = k % 2 === 0;
    const expected = typing ? `${pattern},` : pattern;
    const before = await page.evaluate(() => window.__bench.keydowns.length);
    await page.keyboard.press(typing ? ',' : 'Backspace');
    const keydown = await page.evaluate((n) => window.__bench.keydowns[n]?.at ?? null, before);
    if (keydown === null) throw new Error('L1: the keydown was not seen');
    const { applied, frame } = await appliedAfter(page, expected, keydown);
    const phases = await phasesOf(page, expected, keydown, applied, frame);
    samples.push({ total: frame - keydown, ...phases });
    await page.waitForTimeout(MIN_INTERVAL_MS);
  }
  return samples;
}

/** For each text and mode: keystroke samples, and how many whole matches were drawn. */
export async function measureHighlights(url, perRound, rounds, log) {
  const { browser, context } = await freshBrowser();
  const result = {};
  try {
    const pages = {};
    for (const mode of MODES) pages[mode] = await pageFor(context, url, mode);
    for (const [name, { text, pattern, matches }] of Object.entries(HIGHLIGHT_TEXTS)) {
      const samples = { api: [], decorations: [] };
      const warmup = {};
      const drawn = {};
      for (const mode of MODES) {
        const page = pages[mode];
        await page.bringToFront();
        const since = await pasteInto(page, 'Test string', text);
        await pasteInto(page, 'Pattern', pattern);
        await appliedAfter(page, pattern, since);
        const mode_ = await page.evaluate(() =>
          document
            .getElementById('test-string')
            ?.closest('.cm-editor')
            ?.getAttribute('data-highlights'),
        );
        if (mode_ !== mode) throw new Error(`L1: the page draws with ${mode_}, not ${mode}`);
        warmup[mode] = await keystrokesAtEnd(page, pattern, WARMUP_KEYSTROKES);
      }
      for (let round = 0; round < rounds; round++) {
        for (const mode of MODES) {
          const page = pages[mode];
          await page.bringToFront();
          samples[mode].push(...(await keystrokesAtEnd(page, pattern, perRound)));
          drawn[mode] = await page.evaluate(visibleHighlights);
        }
      }
      result[name] = { samples, warmup, drawn, matches, length: text.length };
      log(`L1/L2 ${name}: ${rounds * perRound} keystrokes per mode`);
    }
    return result;
  } finally {
    await browser.close();
  }
}
