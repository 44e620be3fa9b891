// P3S (issue 19): P3 with a 100-case test suite shown. The page opens from a permalink on P3's
// session (the 10 kB log, the date pattern, finditer) plus a suite of 100 one-line cases that all
// hold (half with a full date, expected to match; half without, expected not to), so the Tests
// panel lists its cases and every keystroke also runs the suite (one worker call, after the test
// string's own run) and repaints its verdicts. Then the same keystrokes as P3 (typing.mjs,
// typeKeystrokes), timed the same way: keydown → the frame after the result for that pattern was
// applied (matches painted). Each keystroke's suite verdicts (its `pyregex:suite-applied` mark
// before the next keydown) are noted as well, for where the suite's time goes.
import { freshBrowser, openReadyPage } from './browser.mjs';
import { appliedAfter, caretToEnd } from './editing.mjs';
import { fragmentOf, sessionOf } from './links.mjs';
import { suiteAppliedAfter } from './suites.mjs';
import { TYPING_PATTERN, typeKeystrokes, typingText, visibleHighlights } from './typing.mjs';

export const P3S_CASES = 100;

/** `count` one-line cases for TYPING_PATTERN: even ones carry a date (match), odd ones none. */
export function dateCases(count) {
  const two = (n) => String(n).padStart(2, '0');
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? {
          text: `line ${i}: shipped 2025-${two((i % 12) + 1)}-${two((i % 28) + 1)}`,
          expect: 'match',
        }
      : { text: `line ${i}: no date here`, expect: 'no match' },
  );
}

export async function measureTypingWithSuite(url, keystrokes, log) {
  const { browser, context } = await freshBrowser();
  try {
    const session = sessionOf({
      pattern: TYPING_PATTERN,
      op: 'finditer',
      text: typingText(),
      tests: dateCases(P3S_CASES),
    });
    const page = await openReadyPage(context, `${url}${await fragmentOf(session)}`);
    await appliedAfter(page, TYPING_PATTERN, 0);
    await suiteAppliedAfter(page, TYPING_PATTERN, 0);
    const region = page.getByRole('region', { name: 'Tests', exact: true });
    const passed = `${P3S_CASES} passed, 0 failed`;
    if (!(await region.innerText()).includes(passed)) {
      throw new Error(`P3S: the suite does not say "${passed}"`);
    }
    const rowsShown = await region.locator('[data-case-index]').count();
    if (rowsShown === 0) throw new Error('P3S: the Tests panel shows no case');
    await caretToEnd(page, 'Pattern');
    await page.waitForTimeout(500); // let the explanation and the code snippet settle
    const { samples, phases, keys } = await typeKeystrokes(page, keystrokes, log, 'P3S');
    const suiteShown = await page.evaluate((keys) => {
      const records = window.__bench.suiteApplied;
      return keys.map(({ keydown, pattern }, i) => {
        const next = keys[i + 1]?.keydown ?? Infinity;
        const found = records.find(
          (r) => r.detail?.pattern === pattern && r.at >= keydown && r.at < next,
        );
        return found?.frame != null ? found.frame - keydown : null;
      });
    }, keys);
    return {
      samples,
      phases,
      suiteShown,
      cases: P3S_CASES,
      rowsShown,
      textLength: session.text.length,
      visibleHighlights: await page.evaluate(visibleHighlights),
    };
  } finally {
    await browser.close();
  }
}
