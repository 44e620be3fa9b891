// Starts headless Chromium for the benchmark (Debian's /usr/bin/chromium when present, else
// Playwright's own), offline: the flags that would make it call home are set, every host name but
// 127.0.0.1 resolves to nothing (--host-resolver-rules, in the network stack, so no request is
// slowed by an interception), and every request the pages make is checked and any other origin
// recorded, so the bench can refuse its figures.
// Also the one way the bench reads the engine worker's WebAssembly memory (see watchWorkerMemory).
// Firefox ESR (Debian's /usr/bin/firefox-esr, through Playwright's WebDriver BiDi backend, as the
// e2e tests drive it) for the figures that need no Chromium DevTools protocol: start-up and typing.
import { chromium, firefox } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_FLAGS } from '../systemChromium.mjs';
import { instrumentPage } from './pageProbe.mjs';

const FLAGS = [...SYSTEM_CHROMIUM_FLAGS, '--disable-default-apps', '--disable-extensions'];
const OFFLINE = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export const launchOptions = {
  headless: true,
  ...(existsSync(SYSTEM_CHROMIUM)
    ? { executablePath: SYSTEM_CHROMIUM, args: [...FLAGS, OFFLINE] }
    : { args: [OFFLINE] }),
};

export const SYSTEM_FIREFOX = '/usr/bin/firefox-esr';

/** Headless Firefox ESR through WebDriver BiDi ('moz-firefox'), offline as far as prefs go. */
const firefoxOptions = {
  headless: true,
  channel: 'moz-firefox',
  executablePath: SYSTEM_FIREFOX,
  firefoxUserPrefs: {
    'network.proxy.type': 0,
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
  },
};

/** Whether the machine has Firefox ESR for the bench's Firefox figures. */
export const hasFirefox = () => existsSync(SYSTEM_FIREFOX);

/** "Mozilla Firefox 153.7.0esr" */
export function firefoxVersion() {
  return execFileSync(SYSTEM_FIREFOX, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

/** "Chromium 156.0.8078.79 built on Debian..." */
export function browserVersion() {
  const executable = launchOptions.executablePath ?? chromium.executablePath();
  return execFileSync(executable, ['--version'], {
    stdio: ['ignore', 'pipe', 'ignore'], // Debian's wrapper script warns on stderr
  })
    .toString()
    .trim();
}

/** Requests to anywhere but 127.0.0.1 (there must be none: the bench refuses its figures). */
export const foreignRequests = [];

/** Prepares a context: the page probe, and the check that every request stays on 127.0.0.1. */
export async function prepareContext(context) {
  await context.addInitScript(instrumentPage);
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (['data:', 'blob:'].includes(url.protocol)) return;
    if (url.hostname !== '127.0.0.1') foreignRequests.push(request.url());
  });
}

/** A fresh, non-persistent browser (Chromium, or 'firefox') and one prepared context on it. */
export async function freshBrowser(engine = 'chromium') {
  const browser =
    engine === 'firefox'
      ? await firefox.launch(firefoxOptions)
      : await chromium.launch(launchOptions);
  const context = await browser.newContext();
  await prepareContext(context);
  return { browser, context };
}

/**
 * A new page of `context` on `url`, once the engine is ready: `beforeLoad(page)` runs before the
 * navigation (e.g. to watch the worker), and `deadlineS` sets the page's time limit if given.
 */
export async function openReadyPage(context, url, { deadlineS = null, beforeLoad = null } = {}) {
  const page = await context.newPage();
  await beforeLoad?.(page);
  await page.goto(url);
  await waitReady(page);
  if (deadlineS !== null) {
    await page.getByRole('spinbutton', { name: /time limit/i }).fill(`${deadlineS}`);
  }
  return page;
}

/**
 * How long a start-up visit leaves a new tab before navigating it. Chromium here, just launched
 * with a tab just opened, keeps the machine busy for about 0.4 s more (130–200 ms of CPU in each
 * 100 ms, read from /proc/stat, then quiet; Firefox ESR's launch returns once it is quiet): a page
 * navigated at once shared the two cores with the browser's own start, which a visitor's page,
 * opened in a browser that is already running, does not (docs/benchmarks.md, "Method").
 */
export const SETTLE_MS = 1_000;

/** A new tab of `context`, once the browser has had SETTLE_MS to finish what opening it started. */
export async function openSettledTab(context) {
  const page = await context.newPage();
  await page.waitForTimeout(SETTLE_MS);
  return page;
}

/** A persistent profile (a real on-disk HTTP cache) of Chromium or 'firefox', prepared. */
export async function persistentContext(profileDir, engine = 'chromium') {
  const context =
    engine === 'firefox'
      ? await firefox.launchPersistentContext(profileDir, firefoxOptions)
      : await chromium.launchPersistentContext(profileDir, launchOptions);
  await prepareContext(context);
  return context;
}

/** Waits until `page.__bench` has `predicate(bench)` true (a function source run in the page). */
export function waitInPage(page, predicate, arg, timeout = 120_000) {
  return page.waitForFunction(predicate, arg, { timeout, polling: 20 });
}

/** Waits until the status line says Ready (the engine is booted and idle). */
export function waitReady(page, timeout = 120_000) {
  return waitInPage(
    page,
    () => /^Ready/.test(document.querySelector('[role="status"]')?.textContent?.trim() ?? ''),
    undefined,
    timeout,
  );
}

/**
 * Installed in every new engine worker before its code runs: keeps the WebAssembly.Memory that
 * Pyodide's instantiation exports, as `globalThis.__benchMemories`, so its size can be read. Pyodide
 * keeps its heap in a closure (nothing on the worker's global scope reaches it) and CDP's
 * Runtime.queryObjects does not answer in dedicated workers here, so the bench wraps
 * WebAssembly.instantiate/instantiateStreaming, calling through and only noting the result.
 */
const MEMORY_HOOK = `(() => {
  if (globalThis.__benchMemories) return;
  const found = [];
  Object.defineProperty(globalThis, '__benchMemories', { value: found });
  const keep = (exports) => {
    for (const value of Object.values(exports ?? {})) {
      if (value instanceof WebAssembly.Memory && !found.includes(value)) found.push(value);
    }
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = async function (...args) {
      const result = await original.apply(this, args);
      keep((result.instance ?? result).exports);
      return result;
    };
  }
})()`;

/**
 * An engine worker's script (`assets/engine-3.14.worker-<hash>.js`): the page starts other
 * workers too (after a first visit, one that has Pyodide's script compiled, codeCache.ts).
 */
const ENGINE_WORKER_URL = /\/engine-[\d.]+\.worker[-.]/;

/** The script of the worker that has Pyodide's script compiled after a first visit (codeCache.ts). */
export const CODE_CACHE_WARMER_URL = /\/codeCacheWarmer\.worker[-.]/;

/**
 * Attaches to every worker the page starts, while it waits for the debugger (before its first
 * line), installs MEMORY_HOOK, and lets it run. Returns `heapUsage()` for the newest engine
 * worker's JS heap. Call before navigating.
 * CDP's flat sessions are not reachable through Playwright's CDPSession, so this uses the
 * (older, still supported) Target.sendMessageToTarget channel.
 */
export async function watchWorkerMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  let seq = 0;
  const waiting = new Map();
  const sessions = [];
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const parsed = JSON.parse(message);
    const resolve = waiting.get(parsed.id);
    if (resolve === undefined) return;
    waiting.delete(parsed.id);
    resolve(parsed);
  });
  const send = (sessionId, method, params = {}) =>
    new Promise((resolve) => {
      const id = ++seq;
      waiting.set(id, resolve);
      void cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method, params }),
        })
        .catch(() => resolve({ error: { message: 'target gone' } }));
    });
  cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo, waitingForDebugger }) => {
    if (targetInfo.type !== 'worker') return;
    if (ENGINE_WORKER_URL.test(targetInfo.url)) sessions.push(sessionId);
    await send(sessionId, 'Runtime.evaluate', { expression: MEMORY_HOOK });
    if (waitingForDebugger) await send(sessionId, 'Runtime.runIfWaitingForDebugger');
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: true,
    flatten: false,
  });
  return {
    /** The newest worker's JS heap after a full garbage collection (CDP Runtime.getHeapUsage). */
    async heapUsage() {
      await send(sessions.at(-1), 'HeapProfiler.collectGarbage');
      const answer = await send(sessions.at(-1), 'Runtime.getHeapUsage');
      return answer.result ?? null;
    },
  };
}

/** Bytes of every WebAssembly.Memory the hook saw in the page's newest engine worker. */
export async function workerWasmBytes(page) {
  const worker = page
    .workers()
    .filter((w) => ENGINE_WORKER_URL.test(w.url()))
    .at(-1);
  if (worker === undefined) return null;
  return worker.evaluate(() =>
    (globalThis.__benchMemories ?? []).map((memory) => memory.buffer.byteLength),
  );
}
