// Takes screenshots of the built page for a review by eye: light and dark, 360 px and 1400 px wide,
// with realistic sessions (named groups and several matches, sub with its output, an error, a long
// finditer, a test suite with a failing case open, the step debugger on a backtrack, the ReDoS
// warning, the Reference panel), opened through real permalinks. Serves dist/ itself with
// scripts/serve-dist.mjs on a free local port and drives the system Chromium; it never reaches
// another origin.
//
// Usage: node scripts/screenshots.mjs [--dir dist] [--out /tmp/shots] [--only sub,error]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const dir = option('--dir', 'dist');
const out = path.resolve(option('--out', '/tmp/shots'));
const only = option('--only', '')
  .split(',')
  .filter((name) => name !== '');
const executablePath = option('--chromium', '/usr/bin/chromium');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DATES_TEXT =
  'Release log\n' +
  '- 2025-10-07: first public build (tag v0.1)\n' +
  '- 2025-11-18: Unicode fixes, CRLF kept exactly\r\n' +
  '- 2026-01-02: sub/subn output view\n' +
  'Not dates: 2025-1-5, 25-10-07, 2025-13\n';

/** Sessions in the permalink's field order (session.ts). */
const SCENES = {
  sub: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`,
    flags: '',
    op: 'sub',
    text: DATES_TEXT,
    replacement: String.raw`\g<day>.\g<month>.\g<year>`,
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  finditer: {
    pattern: String.raw`(?P<user>[\w.+-]+)@(?P<host>[\w-]+(?:\.[\w-]+)+)`,
    flags: 'i',
    op: 'finditer',
    text:
      'Contact: ada.lovelace@example.org, Grace.Hopper+navy@mail.example.com\n' +
      'Broken: @nohost, user@, x@y\n' +
      'Émile@exämple.fr and 😀smile@emoji.dev\n',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  error: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d`,
    flags: '',
    op: 'finditer',
    text: DATES_TEXT,
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  stopped: {
    pattern: 'a+',
    flags: '',
    op: 'search',
    text: `${'a'.repeat(32)}b`,
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 1000,
  },
  loading: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`,
    flags: '',
    op: 'finditer',
    text: DATES_TEXT,
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  // The railroad diagram of a pattern with every kind of group, a part pointed at.
  diagram: {
    pattern: String.raw`^(?P<user>[\w.+-]+)@(?=[a-z])(?P<host>[\w-]+(?:\.[\w-]+)+?)(?<!-)$|(?>x{2,5})\1`,
    flags: '',
    op: 'search',
    text: 'ada@example.org',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  help: {
    pattern: String.raw`(?P<word>\w+)`,
    flags: '',
    op: 'findall',
    text: 'help me',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  diagnostics: {
    pattern: String.raw`(?P<word>\w+)`,
    flags: '',
    op: 'findall',
    text: 'something broke',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  // A replacement that builds 1.2 GB: the output cut, the engine restarted to free its memory.
  memory: {
    pattern: 'a',
    flags: '',
    op: 'sub',
    text: 'a'.repeat(100_000),
    replacement: 'x'.repeat(12_000),
    count: 0,
    maxsplit: 0,
    deadlineMs: 30_000,
  },
  // A new version took over while the user was working: the notice with its Reload now button.
  update: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)`,
    flags: '',
    op: 'finditer',
    text: 'Released 2026-12 and 2027-01.',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  // A test suite of eight cases, one failing (shown in the editor and in full by the action below).
  tests: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`,
    flags: '',
    op: 'search',
    text: DATES_TEXT,
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [
      { text: '2025-10-07', expect: 'match', groups: { year: '2025', month: '10', day: '07' } },
      { text: 'Released 2025-11-18.', expect: 'match' },
      { text: '2025-1-5', expect: 'no match' },
      { text: '25-10-07', expect: 'no match', name: 'two-digit year' },
      { text: 'month 13: 2025-13-01', expect: 'no match', name: 'no month 13' },
      { text: 'line one\r\nline 2026-01-02', expect: 'match' },
      { text: '', expect: 'no match', name: 'empty' },
      {
        text: '\t2024-02-29\u00a0',
        expect: 'match',
        groups: { month: '02', day: '29' },
        name: 'leap day',
      },
    ],
  },
  // Another CPython: on 3.12, `\z` is a bad escape (3.14 accepts it); the exact version everywhere.
  versions: {
    pattern: String.raw`(?P<word>\w+)\z`,
    flags: '',
    op: 'search',
    text: 'the last word',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [],
    python: '3.12',
  },
  // The 3.15 pre-release chosen: marked beside the picker.
  prerelease: {
    pattern: String.raw`(?P<word>\w+)\z`,
    flags: '',
    op: 'search',
    text: 'the last word',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [{ text: 'a word', expect: 'match', groups: { word: 'word' } }],
    python: '3.15',
  },
  // Compare versions open on a pattern 3.11-3.13 reject (3.12 chosen), with a test case.
  compare: {
    pattern: String.raw`(?P<word>\w+)\z`,
    flags: '',
    op: 'search',
    text: 'the last word',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [{ text: 'a word', expect: 'match', groups: { word: 'word' } }],
    python: '3.12',
  },
  // 3.14's results, then 3.12 chosen while its runtime is still downloading (held back).
  switching: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)`,
    flags: '',
    op: 'finditer',
    text: DATES_TEXT,
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [],
    python: '3.14',
  },
  // The step debugger opened at a match, on its second backtrack: outline, caret, words, step list.
  debugger: {
    pattern: String.raw`(?P<user>\w+)@(?P<host>\w+(?:\.\w+)+)`,
    flags: '',
    op: 'finditer',
    text: 'Write to ada@example.org or to grace@mail.example.com.',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
    tests: [],
  },
  // A pattern that backtracks catastrophically: the ReDoS warning in the problems area, its
  // culprit outlined in the pattern (a 4 s deadline: the check gets half of it).
  redos: {
    pattern: String.raw`^(\w+\s?)*$`,
    flags: '',
    op: 'search',
    text: 'Some words and more words',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 4000,
  },
  // The Reference panel, scrolled into view (its list scrolls on its own).
  reference: {
    pattern: String.raw`(?P<year>\d{4})-(?P<month>\d\d)`,
    flags: '',
    op: 'search',
    text: 'Released 2026-12.',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
  split: {
    pattern: String.raw`\s*[,;]\s*`,
    flags: '',
    op: 'split',
    text: 'alpha, beta ;gamma,,delta',
    replacement: '',
    count: 0,
    maxsplit: 0,
    deadlineMs: 2000,
  },
};

/** Replaces an editor's text as a paste does (see e2e/page.spec.ts). */
async function paste(page, name, text) {
  const target = page.getByRole('textbox', { name, exact: true });
  await target.focus();
  await target.press('ControlOrMeta+a');
  await target.evaluate((element, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    element.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

/**
 * Scenes that need more than a link: `before` runs before the page loads (returning what to do
 * once the shot is taken), `act` after the engine is ready; `ready` says when to shoot.
 */
const ACTIONS = {
  // A runaway pattern typed after a good one: the calm notice over the last good results.
  stopped: {
    act: async (page) => {
      await page.getByText(/^1 match · /).waitFor();
      await paste(page, 'Pattern', '(a+)+$');
      await page.getByText(/^Stopped after/).waitFor({ timeout: 30_000 });
    },
  },
  // The failing case chosen: shown in the test-string editor, expected beside what CPython did.
  tests: {
    act: async (page) => {
      const tests = page.getByRole('region', { name: 'Tests' });
      await tests.getByText('✗ failed').first().waitFor({ timeout: 30_000 });
      await tests.getByRole('option', { name: /Test case 5\b/ }).click();
      await tests.getByRole('heading', { name: /^Test case 5/ }).scrollIntoViewIfNeeded();
    },
  },
  // Every version run: the Versions region with its differing rows, the notice naming 3.14, 3.15.
  compare: {
    act: async (page) => {
      await page.getByRole('button', { name: 'Compare versions' }).click();
      const region = page.getByRole('region', { name: 'Versions' });
      await region.getByText(/versions differ from/).waitFor({ timeout: 120_000 });
      await page.getByText('accept this pattern').waitFor({ timeout: 30_000 });
    },
  },
  debugger: {
    act: async (page) => {
      const matches = page.getByRole('region', { name: 'Matches' });
      await matches.getByRole('button', { name: 'Debug match 2' }).click();
      const region = page.getByRole('region', { name: 'Debugger' });
      await region.getByRole('button', { name: 'Next backtrack' }).click();
      await region.getByRole('button', { name: 'Next backtrack' }).click();
      await region.locator('.words').scrollIntoViewIfNeeded();
    },
  },
  redos: {
    act: async (page) => {
      const warning = page.getByRole('region', { name: /Catastrophic backtracking/ });
      await warning.waitFor({ timeout: 30_000 });
      await warning.scrollIntoViewIfNeeded();
    },
  },
  diagram: {
    act: async (page) => {
      const figure = page.getByRole('figure', { name: 'Railroad diagram' });
      await figure.locator('svg').waitFor({ timeout: 30_000 });
      await figure.scrollIntoViewIfNeeded();
      await figure.locator('.rx-lookahead').hover();
    },
  },
  reference: {
    act: async (page) => {
      await page.getByRole('button', { name: 'Reference', exact: true }).click();
      const region = page.getByRole('region', { name: 'Reference', exact: true });
      await region.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    },
  },
  // The help panel over the page.
  help: {
    act: async (page) => {
      await page.getByRole('button', { name: 'Help and keyboard shortcuts' }).click();
      await page.getByRole('dialog', { name: 'Help' }).waitFor();
    },
  },
  // The Diagnostics panel after a failure on the page.
  diagnostics: {
    act: async (page) => {
      await page.evaluate(() =>
        setTimeout(() => {
          throw new Error('A simulated failure, for the screenshot');
        }),
      );
      await page.getByRole('button', { name: 'Diagnostics (1)' }).click();
      await page.getByRole('dialog', { name: 'Diagnostics' }).waitFor();
    },
  },
  update: {
    act: async (page) => {
      // The service worker serves the next load; that page is the one a new version takes over.
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      await page.getByRole('status').filter({ hasText: 'Ready' }).waitFor({ timeout: 60_000 });
      await page.getByRole('textbox', { name: 'Test string', exact: true }).click();
      await page.evaluate(() =>
        navigator.serviceWorker.dispatchEvent(new Event('controllerchange')),
      );
      await page.getByText('A new version of pyregex is ready.').waitFor();
    },
  },
  memory: {
    ready: async (page) => {
      await page
        .getByText('The engine was restarted to give back the memory a run took.')
        .waitFor({ timeout: 60_000 });
      await page.getByRole('status').getByText('Ready').waitFor({ timeout: 60_000 });
    },
  },
  switching: {
    before: async (page) => {
      let release = () => {};
      const held = new Promise((resolve) => (release = resolve));
      await page.route('**/pyodide/3.12/pyodide.asm.wasm', async (route) => {
        await held;
        await route.continue().catch(() => {});
      });
      return release;
    },
    act: async (page) => {
      await page.getByRole('combobox', { name: 'Python version' }).selectOption('3.12');
      await page.getByRole('progressbar', { name: 'Loading Python' }).waitFor();
    },
  },
  // The Python runtime held back: the loading bar, with the editors already usable.
  loading: {
    before: async (page) => {
      let release = () => {};
      const held = new Promise((resolve) => (release = resolve));
      await page.route('**/pyodide.asm.wasm', async (route) => {
        await held;
        await route.continue().catch(() => {});
      });
      return release;
    },
    ready: async (page) => {
      await page.getByRole('progressbar', { name: 'Loading Python' }).waitFor();
    },
  },
};

const THEMES = ['light', 'dark'];
const WIDTHS = [360, 1400];

/** The page's permalink format (permalink.ts): '#v1=' + base64url(deflate-raw(JSON)). */
async function fragmentOf(session) {
  const bytes = new TextEncoder().encode(JSON.stringify(session));
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const compressed = Buffer.from(await new Response(stream).arrayBuffer());
  return `#v1=${compressed.toString('base64url')}`;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function serve(port) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'scripts', 'serve-dist.mjs'), '--port', String(port), '--dir', dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve-dist exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('serving')) resolve();
    });
  });
  return child;
}

async function main() {
  await mkdir(out, { recursive: true });
  const port = await freePort();
  const server = await serve(port);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  const written = [];
  try {
    for (const [name, session] of Object.entries(SCENES)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const url = `http://127.0.0.1:${port}/index.html${await fragmentOf(session)}`;
      for (const theme of THEMES) {
        for (const width of WIDTHS) {
          const context = await browser.newContext({
            viewport: { width, height: width < 600 ? 780 : 900 },
            colorScheme: theme,
            deviceScaleFactor: 1,
          });
          const page = await context.newPage();
          const problems = [];
          page.on('console', (message) => {
            if (message.type() === 'error') problems.push(message.text());
          });
          page.on('pageerror', (error) => problems.push(error.message));
          const scene = ACTIONS[name] ?? {};
          const release = (await scene.before?.(page)) ?? (() => {});
          await page.goto(url);
          if (scene.ready) {
            await scene.ready(page);
          } else {
            await page
              .getByRole('status')
              .filter({ hasText: 'Ready' })
              .waitFor({ timeout: 60_000 });
            // Results and the explanation are in once the summary and the code have arrived.
            await page
              .getByRole('button', { name: 'Copy the Python code' })
              .and(page.locator(':enabled'))
              .waitFor({ timeout: 30_000 });
            await scene.act?.(page);
          }
          // Let the greying of stale results (a CSS transition) settle.
          await page.waitForTimeout(700);
          // What the user sees first, and the whole page.
          const file = path.join(out, `${name}-${theme}-${width}.png`);
          await page.screenshot({ path: file });
          const full = path.join(out, `${name}-${theme}-${width}-full.png`);
          // The sticky status bar would sit mid-page in a full-page shot: put it at the end.
          await page.addStyleTag({ content: '.status-bar { position: static !important; }' });
          await page.screenshot({ path: full, fullPage: true });
          release();
          written.push(file, full);
          if (problems.length > 0)
            console.warn(`${file}: console errors:\n  ${problems.join('\n  ')}`);
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
  }
  console.log(written.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
