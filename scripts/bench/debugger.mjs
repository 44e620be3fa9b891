// D2: what opening the step debugger costs (issue 16). Each run opens a fresh page on a link
// whose search takes about 10 000 steps ((a+)+$ on ten a's and a b: every split of the a's is
// tried), waits until the page is idle (the result and its step count shown), then clicks the
// header's Debug button and times, on the page's own clock, click → the panel showing
// "Step 1 of N" with the first step in words, at the next animation frame: the trace request to
// the worker (the interpreter running every step and packing them), its answer crossing the
// boundary, and the panel's first paint with the step list. It never touches any origin but
// 127.0.0.1 and asserts nothing about the figures.
import { freshBrowser, openReadyPage, waitInPage } from './browser.mjs';
import { fragmentOf, sessionOf } from './links.mjs';

export const DEBUGGER_SESSION = sessionOf({ pattern: '(a+)+$', text: `${'a'.repeat(10)}b` });

/** Click → "Step 1 of N" painted, in ms, and N. */
async function openOnce(context, url) {
  const page = await openReadyPage(context, `${url}${await fragmentOf(DEBUGGER_SESSION)}`);
  try {
    // The background step count runs after the result: let it finish first.
    await waitInPage(page, () => /\d steps/.test(document.body.textContent ?? ''));
    return await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const button = [...document.querySelectorAll('header button')].find(
            (b) => b.textContent?.trim() === 'Debug',
          );
          if (!button) return reject(new Error('no Debug button in the header'));
          const clicked = performance.now();
          button.click();
          const check = () => {
            const region = document.querySelector('section[aria-label="Debugger"]');
            const progress = region?.querySelector('.progress')?.textContent ?? '';
            const shown = /^Step 1 of ([\d,]+)/.exec(progress.trim());
            if (shown && region?.querySelector('.words .text')?.textContent) {
              resolve({
                open: performance.now() - clicked,
                steps: Number(shown[1].replace(/,/g, '')),
              });
            } else if (performance.now() - clicked > 60_000) {
              reject(new Error(`the debugger did not open: "${progress}"`));
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        }),
    );
  } finally {
    await page.close();
  }
}

export async function measureDebugger(url, runs, log) {
  const { browser, context } = await freshBrowser();
  try {
    await openOnce(context, url); // warm-up (HTTP cache, snapshot), not counted
    const samples = [];
    for (let i = 0; i < runs; i++) {
      samples.push(await openOnce(context, url));
      const { open, steps } = samples.at(-1);
      log(`D2 run ${i + 1}/${runs}: ${steps} steps, debugger open after ${Math.round(open)} ms`);
    }
    return { samples };
  } finally {
    await browser.close();
  }
}
