// V1-V3: what running several CPython versions costs (issue 15). Each figure in a fresh
// browser profile unless said otherwise:
//   V1  per version: a first visit on a link that names it, navigation → status Ready (ms since
//       navigation start, the page's own clock) and the bytes that version's own files put on the
//       wire (pyodide/<key>/… and its worker script): what choosing it the first time downloads;
//   V2  switching to a version whose engine is already loaded: choosing it in the picker → its
//       results shown (status Ready, not greyed, the status bar naming it), 3.14 ↔ 3.12;
//   V3  Compare versions on five: the button → every row answered, from cold (only 3.14 loaded:
//       four runtimes download and boot) and warm (all loaded: an edit → every row answered).
// Times of V2/V3 are taken from Node around the click and the page's answer (20 ms polling).
// It never touches any origin but 127.0.0.1 and asserts nothing about the figures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { persistentContext, waitInPage, waitReady } from './browser.mjs';
import { pasteInto } from './editing.mjs';
import { fragmentOf, sessionOf } from './links.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const table = JSON.parse(readFileSync(path.join(root, 'web/src/lib/engine/runtimes.json'), 'utf8'));
export const RUNTIMES = table.runtimes;

const session = (python, pattern = String.raw`a\z`) => sessionOf({ pattern, text: 'a', python });

async function withProfile(use) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'pyregex-bench-'));
  const context = await persistentContext(profile);
  try {
    return await use(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Whether `response` (the server's log entry) is one of `key`'s own files. */
const ownFile = (key) => (response) =>
  response.path.includes(`/pyodide/${key}/`) || response.path.includes(`engine-${key}.worker`);

async function coldBoot(server, key) {
  return withProfile(async (context) => {
    const page = await context.newPage();
    const mark = server.mark();
    await page.goto(`${server.url}${await fragmentOf(session(key))}`);
    await waitReady(page);
    const ready = await page.evaluate(() => window.__bench.milestones.ready);
    await page.waitForLoadState('networkidle');
    await server.settled();
    const bytes = server
      .sentSince(mark)
      .filter(ownFile(key))
      .reduce((sum, response) => sum + response.bytes, 0);
    return { ready, bytes };
  });
}

/** Resolves once the page shows `python`'s results: Ready, not greyed, the status bar naming it. */
function showing(page, python) {
  return waitInPage(
    page,
    (full) =>
      /^Ready/.test(document.querySelector('[role="status"]')?.textContent?.trim() ?? '') &&
      (document.querySelector('footer')?.textContent ?? '').includes(`CPython ${full}`) &&
      document.querySelector('.fades.stale') === null,
    python,
  );
}

async function switching(server, switches) {
  return withProfile(async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.url}${await fragmentOf(session('3.14', 'a'))}`);
    await waitReady(page);
    const picker = page.getByRole('combobox', { name: 'Python version' });
    const byKey = Object.fromEntries(RUNTIMES.map((runtime) => [runtime.key, runtime.python]));
    // Both engines loaded before timing.
    await picker.selectOption('3.12');
    await showing(page, byKey['3.12']);
    await picker.selectOption('3.14');
    await showing(page, byKey['3.14']);
    const samples = [];
    for (let i = 0; i < switches; i++) {
      const key = i % 2 === 0 ? '3.12' : '3.14';
      const started = performance.now();
      await picker.selectOption(key);
      await showing(page, byKey[key]);
      samples.push(performance.now() - started);
    }
    return samples;
  });
}

const SETTLED = /versions differ from|versions give the same outcome/;

/** The Versions region's summary, once every row has answered and it differs from `before`. */
function settledSummary(page, before = null) {
  return waitInPage(
    page,
    ({ pattern, previous }) => {
      const text = document.querySelector('section.versions [id$="-summary"]')?.textContent?.trim();
      return text && new RegExp(pattern).test(text) && text !== previous ? text : null;
    },
    { pattern: SETTLED.source, previous: before },
  ).then((handle) => handle.jsonValue());
}

async function compare(server, warmEdits) {
  return withProfile(async (context) => {
    const page = await context.newPage();
    await page.goto(`${server.url}${await fragmentOf(session('3.14'))}`);
    await waitReady(page);
    let started = performance.now();
    await page.getByRole('button', { name: 'Compare versions' }).click();
    let summary = await settledSummary(page);
    const cold = performance.now() - started;
    const warm = [];
    for (let i = 0; i < warmEdits; i++) {
      const pattern = i % 2 === 0 ? 'a' : String.raw`a\z`;
      started = performance.now();
      await pasteInto(page, 'Pattern', pattern);
      summary = await settledSummary(page, summary);
      warm.push(performance.now() - started);
    }
    return { cold, warm };
  });
}

/** {boots: {key: [{ready, bytes}]}, switching: [ms], compare: {cold: [ms], warm: [ms]}}. */
export async function measureVersions(server, runs, log) {
  const boots = {};
  for (const runtime of RUNTIMES) {
    boots[runtime.key] = [];
    for (let i = 0; i < runs; i++) {
      boots[runtime.key].push(await coldBoot(server, runtime.key));
    }
    log(
      `V1 ${runtime.key}: ready ${boots[runtime.key].map((b) => Math.round(b.ready)).join(' ')} ms`,
    );
  }
  const switches = await switching(server, 2 * runs);
  log(`V2 switching: ${switches.map(Math.round).join(' ')} ms`);
  const cold = [];
  let warm = [];
  for (let i = 0; i < runs; i++) {
    const run = await compare(server, i === 0 ? 2 * runs : 0);
    cold.push(run.cold);
    warm = warm.concat(run.warm);
  }
  log(
    `V3 compare cold ${cold.map(Math.round).join(' ')} ms, warm ${warm.map(Math.round).join(' ')} ms`,
  );
  return { boots, switching: switches, compare: { cold, warm } };
}
