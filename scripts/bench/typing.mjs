// P3: keystroke → highlights painted, on a 10 kB log with a typical pattern (dates with named
// groups, about 150 matches). Each keystroke changes the pattern: `?` typed at its end, then
// Backspace, and so on, so every keystroke asks for a new run whose matches are all highlighted.
// A keystroke's latency runs from its keydown's timeStamp to the first animation frame after the
// page applied the result for the pattern that keystroke made (the `pyregex:result-applied`
// mark, set by the engine client), or to the mark itself when the page applied it inside an
// animation frame callback, which paints it in that frame (an answer read early: pageProbe.mjs). Keystrokes come at most one per 150 ms (a brisk typist), and never
// before the previous one's result is painted, so each is measured on its own.
import { appliedAfter, caretToEnd, editor, fillInto, pasteInto } from './editing.mjs';
import { freshBrowser, openReadyPage } from './browser.mjs';

/**
 * Where one keystroke's time went, from the page's record of its worker calls: keydown → evaluate
 * sent, the round trip, answer → result applied, applied → painted; whether another call
 * (explain, toPython) was still in the worker when the evaluate was sent, and which calls were in
 * the worker when the key went down. An answer the page read early from the answer mailbox
 * (`early`) is applied before its posted copy is handled: its round trip then ends when it was
 * applied.
 */
export async function phasesOf(page, pattern, keydown, applied, frame) {
  return page.evaluate(
    ({ pattern, keydown, applied, frame }) => {
      const calls = window.__bench.calls;
      const run = calls.find(
        (c) => c.method === 'evaluate' && c.request?.pattern === pattern && c.sentAt >= keydown,
      );
      if (!run || run.answeredAt === null) return null;
      const busy = calls.some(
        (c) => c !== run && c.sentAt < run.sentAt && (c.answeredAt ?? Infinity) > run.sentAt,
      );
      // What the worker was still busy with when the key went down (the run waits for it).
      const atKeydown = calls
        .filter((c) => c.sentAt < keydown && (c.answeredAt ?? Infinity) > keydown)
        .map((c) => c.method);
      const answered = Math.min(run.answeredAt, applied);
      return {
        atKeydown,
        toSend: run.sentAt - keydown,
        roundTrip: answered - run.sentAt,
        toApply: applied - answered,
        toPaint: frame - applied,
        busy,
        early: applied < run.answeredAt,
      };
    },
    { pattern, keydown, applied, frame },
  );
}

export const TYPING_PATTERN = String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`;
const MIN_INTERVAL_MS = 150;

/** About 10 kB of log lines, each with a date, an address and a number. */
export function typingText() {
  const lines = [];
  for (let i = 0; lines.join('\n').length < 10_000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    lines.push(
      `2025-${month}-${day} 12:${String(i % 60).padStart(2, '0')} user${i}@example.org sent ${i * 37} bytes`,
    );
  }
  return `${lines.join('\n')}\n`.slice(0, 10_240);
}

/** Whole matches drawn in the test string: elements (decorations) and CSS highlight ranges. */
export function visibleHighlights() {
  const elements = document.querySelectorAll('#test-string [data-match]:not([data-group])').length;
  let ranges = 0;
  for (const name of ['rx-match-0', 'rx-match-1']) ranges += CSS.highlights?.get(name)?.size ?? 0;
  return elements + ranges;
}

/**
 * Types `keystrokes` keystrokes at the end of TYPING_PATTERN (the caret already there): `?`, then
 * Backspace, and so on, each timed keydown → the frame after its result was applied. Resolves
 * with the times, each keystroke's phases, and each keydown's time (page ms) and the pattern it
 * made. `label` names the part in errors and progress lines. Shared with P3S (typingSuite.mjs).
 */
export async function typeKeystrokes(page, keystrokes, log, label) {
  const samples = [];
  const phases = [];
  const keys = [];
  let lastKeydown = -Infinity;
  for (let k = 0; k < keystrokes; k++) {
    const typing = k % 2 === 0;
    const expected = typing ? `${TYPING_PATTERN}?` : TYPING_PATTERN;
    const wait = lastKeydown + MIN_INTERVAL_MS - (await page.evaluate(() => performance.now()));
    if (wait > 0) await page.waitForTimeout(wait);
    const before = await page.evaluate(() => window.__bench.keydowns.length);
    await page.keyboard.press(typing ? '?' : 'Backspace');
    const keydown = await page.evaluate((n) => window.__bench.keydowns[n]?.at ?? null, before);
    if (keydown === null) throw new Error(`${label}: the keydown was not seen`);
    const { applied, frame } = await appliedAfter(page, expected, keydown);
    samples.push(frame - keydown);
    phases.push(await phasesOf(page, expected, keydown, applied, frame));
    keys.push({ keydown, pattern: expected });
    lastKeydown = keydown;
    if ((k + 1) % 50 === 0) log(`${label}: ${k + 1}/${keystrokes} keystrokes`);
  }
  const typed = await editor(page, 'Pattern').textContent();
  if (typed !== TYPING_PATTERN) throw new Error(`${label}: the pattern ended as ${typed}`);
  return { samples, phases, keys };
}

export async function measureTyping(url, keystrokes, log, engine = 'chromium') {
  const { browser, context } = await freshBrowser(engine);
  try {
    const page = await openReadyPage(context, url);
    const text = typingText();
    const put = engine === 'firefox' ? fillInto : pasteInto;
    await put(page, 'Test string', text);
    // Another pattern first: TYPING_PATTERN is also the default one, whose marks would be
    // ambiguous (the default text's result carries the same pattern).
    const other = await put(page, 'Pattern', 'setup');
    await appliedAfter(page, 'setup', other);
    const since = await put(page, 'Pattern', TYPING_PATTERN);
    await appliedAfter(page, TYPING_PATTERN, since);
    await caretToEnd(page, 'Pattern');
    await page.waitForTimeout(500); // let the explanation and the code snippet settle
    const { samples, phases } = await typeKeystrokes(page, keystrokes, log, 'P3');
    const matches = await page.evaluate(visibleHighlights);
    const engineInfo = await page.evaluate(() => window.__bench.engineInfo ?? null);
    return { samples, phases, textLength: text.length, visibleHighlights: matches, engineInfo };
  } finally {
    await browser.close();
  }
}
