// Measures the built page in headless Chromium: time from navigation to "Ready" and to the first
// result, with a cold cache (a fresh browser profile) and a warm one (the same profile, navigated
// again), plus the bytes transferred. Prints the median of N runs as a Markdown table for
// docs/baseline.md. It serves dist/ itself (with the isolation headers) and must never touch the
// network beyond 127.0.0.1.
//
// Usage: node scripts/measure-baseline.mjs [--runs 7] [--port 47615]   (after `npm run build`)
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const runs = Math.max(5, Number(option('--runs', '7')));
const port = Number(option('--port', '47615'));
const baseURL = `http://127.0.0.1:${port}/`;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PATTERN = '(?P<run>b+)';
const TEXT = 'abbcb';

/**
 * Runs in the page before its own scripts: records performance.now() (ms since navigation start)
 * when the status first says Ready or Running and when the Matches list first has an item.
 */
function recordMilestones() {
  const marks = {};
  Object.defineProperty(window, '__pyregexMarks', { value: marks });
  const check = () => {
    const status = document.querySelector('[role="status"]');
    // The engine is ready once the state says Ready, or Running (it took the typed request).
    if (marks.ready === undefined && /Ready|Running/.test(status?.textContent ?? '')) {
      marks.ready = performance.now();
    }
    const list = document.querySelector('[aria-label="Matches"]');
    if (marks.firstResult === undefined && list?.querySelector('li,[role="listitem"]')) {
      marks.firstResult = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    characterData: true,
  });
}

async function startServer() {
  const server = spawn(
    process.execPath,
    [path.join(root, 'scripts/serve-dist.mjs'), '--port', `${port}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', (code) => reject(new Error(`serve-dist exited with ${code}`)));
  });
  return server;
}

/** One navigation; returns ms to ready and to the first result, and bytes over the wire. */
async function measureOnce(context) {
  const page = await context.newPage();
  let bytes = 0;
  const counted = [];
  const onFinished = (request) =>
    counted.push(
      request
        .sizes()
        .then((s) => (bytes += s.responseHeadersSize + Math.max(0, s.responseBodySize))),
    );
  context.on('requestfinished', onFinished);
  await page.goto(baseURL, { waitUntil: 'domcontentloaded' });
  // Typed as soon as the fields exist, as a shared link would fill them: the first result is the
  // engine's first answer.
  await page.getByRole('textbox', { name: 'Test string', exact: true }).fill(TEXT);
  await page.getByRole('textbox', { name: 'Pattern', exact: true }).fill(PATTERN);
  await page.waitForFunction(() => window.__pyregexMarks?.firstResult !== undefined, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const marks = await page.evaluate(() => ({ ...window.__pyregexMarks }));
  await page.waitForLoadState('networkidle');
  await Promise.all(counted);
  context.off('requestfinished', onFinished);
  await page.close();
  return { ready: marks.ready, firstResult: marks.firstResult, bytes };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
  if (!existsSync(path.join(root, 'dist', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first.');
  }
  const server = await startServer();
  const launch = {
    headless: true,
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM, args: FLAGS } : {}),
  };
  const cold = [];
  const warm = [];
  const executable = launch.executablePath ?? chromium.executablePath();
  const browserVersion = execFileSync(executable, ['--version'], {
    stdio: ['ignore', 'pipe', 'ignore'], // Debian's wrapper script warns on stderr
  })
    .toString()
    .trim();
  try {
    for (let i = 0; i < runs; i++) {
      // A fresh profile has an empty disk cache: cold. The same profile navigated again: warm
      // (a real on-disk HTTP cache and V8's wasm code cache, as a returning visitor has).
      const profile = mkdtempSync(path.join(os.tmpdir(), 'pyregex-measure-'));
      const context = await chromium.launchPersistentContext(profile, launch);
      try {
        await context.addInitScript(recordMilestones);
        cold.push(await measureOnce(context));
        warm.push(await measureOnce(context));
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
      process.stderr.write(`run ${i + 1}/${runs} done\n`);
    }
  } finally {
    server.kill();
  }

  const row = (name, samples) => {
    const ms = (key) => `${Math.round(median(samples.map((s) => s[key])))} ms`;
    const bytes = median(samples.map((s) => s.bytes));
    const size = bytes >= 1e5 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
    return `| ${name} | ${ms('ready')} | ${ms('firstResult')} | ${size} |`;
  };
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `Median of ${runs} runs, ${new Date().toISOString().slice(0, 10)}, ${browserVersion}`,
  );
  console.log(
    `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, load average ${load}`,
  );
  console.log('');
  console.log('| cache | navigation → ready | navigation → first result | bytes transferred |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(row('cold', cold));
  console.log(row('warm', warm));
  console.log('');
  console.log('raw (ready / first result ms, bytes):');
  for (const [name, samples] of [
    ['cold', cold],
    ['warm', warm],
  ]) {
    console.log(
      `  ${name}: ${samples.map((s) => `${Math.round(s.ready)}/${Math.round(s.firstResult)}/${s.bytes}`).join('  ')}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
