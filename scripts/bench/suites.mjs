// T1: test suites. For suites of 10, 100 and 1 000 one-line cases, the time from a pattern
// keystroke to every verdict painted: the keydown's timeStamp to the first animation frame after
// the page applied the suite's result for the pattern that keystroke made (the
// `pyregex:suite-applied` mark, set by the engine client when it publishes a suite outcome; the
// Tests panel renders from it in the same task). Keystrokes alternate `?` typed at the pattern's
// end and Backspace, each sent only once the previous one's verdicts are painted. The suite
// arrives as a permalink (the page's own format, built here as the page builds it), so no case is
// typed. T2: the longest main-thread task while the 1 000-case suite renders, over its first
// render and all of its keystrokes (long tasks are those over 50 ms; "none" when there are none).
import { freshBrowser, openReadyPage } from './browser.mjs';
import { caretToEnd } from './editing.mjs';

export const SUITE_SIZES = [10, 100, 1000];
const PATTERN = String.raw`(?P<year>\d{4})-(?P<month>\d\d)`;
const MIN_INTERVAL_MS = 150;

/** `count` one-line cases, half with a date (expected to match), half without. */
export function suiteCases(count) {
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? {
          text: `line ${i}: shipped 2025-${String((i % 12) + 1).padStart(2, '0')}`,
          expect: 'match',
        }
      : { text: `line ${i}: no date here`, expect: 'no match' },
  );
}

/** The fragment the page writes for `session`: #v1= base64url(deflate-raw(UTF-8 JSON)). */
async function fragmentOf(session) {
  const json = new TextEncoder().encode(JSON.stringify(session));
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = Buffer.from(await new Response(stream).arrayBuffer());
  return `#v1=${bytes.toString('base64url')}`;
}

/** Resolves with {applied, frame} once a suite result for `pattern` is painted after `since`. */
export async function suiteAppliedAfter(page, pattern, since, timeout = 120_000) {
  const handle = await page.waitForFunction(
    ({ expected, after }) => {
      const found = window.__bench.suiteApplied.find(
        (record) => record.detail?.pattern === expected && record.at >= after,
      );
      return found && found.frame !== null ? { applied: found.at, frame: found.frame } : null;
    },
    { expected: pattern, after: since },
    { timeout, polling: 'raf' },
  );
  return handle.jsonValue();
}

async function measureOne(url, count, keystrokes, log) {
  const { browser, context } = await freshBrowser();
  try {
    const session = {
      pattern: PATTERN,
      flags: '',
      op: 'search',
      text: 'shipped 2025-10',
      replacement: '',
      count: 0,
      maxsplit: 0,
      deadlineMs: 2000,
      tests: suiteCases(count),
    };
    const page = await openReadyPage(context, `${url}${await fragmentOf(session)}`);
    // A checkout from before test suites (bench --dist) has no Tests region: nothing to time.
    if ((await page.getByRole('region', { name: 'Tests', exact: true }).count()) === 0) return null;
    const first = await suiteAppliedAfter(page, PATTERN, 0);
    // Every case holds (half match, half do not): the summary must say so before timing starts.
    const passed = `${count.toLocaleString('en-US')} passed, 0 failed`;
    const region = page.getByRole('region', { name: 'Tests', exact: true });
    if (!(await region.innerText()).includes(passed)) {
      throw new Error(`T1: the ${count}-case suite does not say "${passed}"`);
    }
    await caretToEnd(page, 'Pattern');
    await page.waitForTimeout(500);

    const samples = [];
    let lastKeydown = -Infinity;
    for (let k = 0; k < keystrokes; k++) {
      const typing = k % 2 === 0;
      const expected = typing ? `${PATTERN}?` : PATTERN;
      const wait = lastKeydown + MIN_INTERVAL_MS - (await page.evaluate(() => performance.now()));
      if (wait > 0) await page.waitForTimeout(wait);
      const before = await page.evaluate(() => window.__bench.keydowns.length);
      await page.keyboard.press(typing ? '?' : 'Backspace');
      const keydown = await page.evaluate((n) => window.__bench.keydowns[n]?.at ?? null, before);
      if (keydown === null) throw new Error('T1: the keydown was not seen');
      const { frame } = await suiteAppliedAfter(page, expected, keydown);
      samples.push(frame - keydown);
      lastKeydown = keydown;
    }
    const rows = await page.locator('[data-case-index]').count();
    // Every task that ended after the first suite result arrived: its first render included.
    const longTasks = await page.evaluate(
      (from) =>
        window.__bench.longTasks.filter((t) => t.start + t.duration >= from).map((t) => t.duration),
      first.applied,
    );
    log(`T1: ${count} cases, ${keystrokes} keystrokes, ${rows} case rows in the DOM`);
    return { count, samples, rowsInDom: rows, longTasks };
  } finally {
    await browser.close();
  }
}

/** T1 and T2 for each size; none for a page without test suites. */
export async function measureSuites(url, keystrokes, log) {
  const sizes = [];
  for (const count of SUITE_SIZES) {
    const size = await measureOne(url, count, keystrokes, log);
    if (size === null) {
      log('T1: this page has no test suites; skipped');
      return [];
    }
    sizes.push(size);
  }
  return sizes;
}
