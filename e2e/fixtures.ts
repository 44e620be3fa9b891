/**
 * The `test` and `expect` every e2e spec imports (never straight from '@playwright/test'), so one
 * spec runs unchanged in all three engines.
 *
 * With Playwright's own browsers (GitHub Actions) and with Debian's Chromium and Firefox ESR, this
 * is plain Playwright. Only the `stockWebKit` project option (set by playwright.config.ts when it
 * uses the local browsers) changes anything: Playwright cannot launch Debian's WebKitGTK, so each
 * worker starts a private Xvfb and WebKitGTK's MiniBrowser on it with its remote inspector on, and
 * attaches to it through Playwright's experimental WebKit remote-inspector connector
 * (`webkit.connectOverCDP`, which wants an ios_webkit_debug_proxy-style `/json` listing: a tiny
 * local shim serves it).
 *
 * That connector offers exactly one context with one tab, so this file hands the same page to every
 * test and restores a clean slate after each one: listeners the test added are removed, media
 * emulation is reset, cookies, localStorage, sessionStorage, IndexedDB, Cache Storage and service
 * workers of every origin the test visited are cleared, and the tab goes back to about:blank.
 * It also works around what the connector does differently (each one observed here): relative
 * `goto` URLs are resolved against the project's baseURL (it ignores context options), a
 * fragment-only `goto` is done in the page (it never reports such navigations), a second
 * `newPage()` in a test loads about:blank in the one tab, and long string expressions (axe-core's
 * source) are evaluated in pieces (one large message drops the connection).
 *
 * Known limits that remain: `page.route` hangs; key presses are synthetic DOM events, so the
 * browser's default actions for them (Tab moving focus) do not happen, and `keyboard.type` after a
 * click types nothing (use `locator.fill` / `pressSequentially`); viewport and device emulation are
 * ignored. A spec step that needs one of those is skipped by engine and reason, e.g.
 *   test.skip(onStockWebKit(), 'WebKitGTK (local connector): page.route hangs');
 *
 * This file must never reach another origin than the inspector and shim on 127.0.0.1.
 */
import {
  test as base,
  webkit,
  type Browser,
  type BrowserContext,
  type Frame,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export { expect } from '@playwright/test';
export type { BrowserContext, Locator, Page, Request, TestInfo } from '@playwright/test';

/** Worker-scoped project options this file adds (typed for `defineConfig<{}, EngineOptions>`). */
export interface EngineOptions {
  /** Drive Debian's WebKitGTK MiniBrowser instead of launching `browserName`. Needs an X display. */
  stockWebKit: boolean;
}

const MINIBROWSER_CANDIDATES = [
  process.env.WEBKITGTK_MINIBROWSER,
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
];

function findMiniBrowser(): string {
  const found = MINIBROWSER_CANDIDATES.find((file) => file && existsSync(file));
  if (!found) {
    throw new Error(
      'WebKitGTK MiniBrowser not found: install the Debian package webkit2gtk-driver ' +
        '(or set WEBKITGTK_MINIBROWSER), or run without PW_LOCAL_BROWSERS=1.',
    );
  }
  return found;
}

/** A TCP port that was free a moment ago (for a server or inspector that needs a number up front). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until the inspector's HTTP page lists the tab, and returns the tab's WebSocket URL. */
async function inspectorTarget(port: number, child: ChildProcess, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`MiniBrowser exited early (${child.exitCode})`);
    try {
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      const target = /\/socket\/\d+\/\d+\/WebPage/.exec(html);
      if (target) return `ws://127.0.0.1:${port}${target[0]}`;
    } catch {
      // The inspector is not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `WebKitGTK inspector on 127.0.0.1:${port} listed no page within ${timeoutMs} ms ` +
      '(see the MiniBrowser stderr below)',
  );
}

/** The EventEmitter side of Page and BrowserContext that Playwright's public types leave out. */
interface ListenerRegistry {
  eventNames(): Array<string | symbol>;
  listeners(event: string | symbol): Array<(...args: unknown[]) => void>;
  removeListener(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
}

/** Snapshots the listeners now; the returned function removes any added since (a test's `on`). */
function listenerSnapshot(target: Page | BrowserContext): () => void {
  const emitter = target as unknown as ListenerRegistry;
  const before = new Map(emitter.eventNames().map((event) => [event, emitter.listeners(event)]));
  return () => {
    for (const event of emitter.eventNames()) {
      const kept = before.get(event) ?? [];
      for (const listener of emitter.listeners(event)) {
        if (!kept.includes(listener)) emitter.removeListener(event, listener);
      }
    }
  };
}

/** Runs in the page: empties every kind of storage the current origin has. */
async function clearOriginStorage(): Promise<void> {
  localStorage.clear();
  sessionStorage.clear();
  const databases = (await indexedDB.databases?.()) ?? [];
  for (const db of databases) if (db.name) indexedDB.deleteDatabase(db.name);
  if ('caches' in self) for (const key of await caches.keys()) await caches.delete(key);
  if ('serviceWorker' in navigator) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      await registration.unregister();
    }
  }
}

/** A same-origin URL that exists on no server we use: a cheap 404 page to clear storage from. */
const RESET_PATH = '/__e2e-storage-reset__';

/**
 * Starts a private X server for one MiniBrowser (a GTK program needs a display). One per browser,
 * not one shared display: two MiniBrowser windows on one display take the input focus from each
 * other, and then `focus()` in the other tab does not stick (observed as flaky focus tests).
 * Xvfb picks a free display number itself (-displayfd), so parallel starts cannot collide.
 */
async function startXvfb(): Promise<{ display: string; stop: () => void }> {
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    },
  );
  const stop = () => {
    if (xvfb.exitCode === null) xvfb.kill('SIGKILL');
  };
  let stderr = '';
  xvfb.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1_000)));
  const displayPipe = xvfb.stdio[3] as NodeJS.ReadableStream;
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)),
      10_000,
    );
    xvfb.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not start (Debian package xvfb): ${error.message}`));
    });
    displayPipe.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
  });
  return { display, stop };
}

async function connectStockWebKit(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const inspectorPort = await freePort();
  const xvfb = await startXvfb();
  // --private: an ephemeral session, so parallel workers' MiniBrowsers share no on-disk storage.
  const miniBrowser = spawn(findMiniBrowser(), ['--private', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DISPLAY: xvfb.display,
      // Without it WebKitGTK has no SharedArrayBuffer even when crossOriginIsolated is true.
      JSC_useSharedArrayBuffer: '1',
      // No optimising WebAssembly tier (OMG): recompiling Pyodide's 9.6 MB module in background
      // threads on every page load competes for the two cores with the other test worker and
      // roughly doubled boot times under load (about 14 s -> 7 s measured). Semantics unchanged.
      JSC_useOMGJIT: '0',
      WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${inspectorPort}`,
    },
  });
  let stderrTail = '';
  miniBrowser.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2_000);
  });
  const killMiniBrowser = () => {
    if (miniBrowser.exitCode === null) miniBrowser.kill('SIGKILL');
    xvfb.stop();
  };
  process.once('exit', killMiniBrowser);

  const shim = http.createServer();
  try {
    const webSocketDebuggerUrl = await inspectorTarget(inspectorPort, miniBrowser);
    shim.on('request', (_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify([{ url: 'about:blank', webSocketDebuggerUrl }]));
    });
    await new Promise<void>((resolve) => shim.listen(0, '127.0.0.1', resolve));
    const shimPort = (shim.address() as AddressInfo).port;
    const browser = await webkit.connectOverCDP(`http://127.0.0.1:${shimPort}`);

    const context = browser.contexts()[0];
    const page = context?.pages()[0];
    if (!context || !page) throw new Error('WebKitGTK inspector offered no page');
    // Observed: a first navigation to a COOP page fails ("Load request cancelled") unless
    // Playwright itself has navigated the tab once before.
    await page.goto('about:blank');
    evaluateLongExpressionsInPieces(page.mainFrame());
    shareOneTab(browser, context, page);

    const close = async () => {
      await browser.close().catch(() => {});
      shim.close();
      killMiniBrowser();
      process.removeListener('exit', killMiniBrowser);
      if (miniBrowser.exitCode === null) await new Promise((r) => miniBrowser.once('exit', r));
    };
    return { browser, close };
  } catch (error) {
    shim.close();
    killMiniBrowser();
    process.removeListener('exit', killMiniBrowser);
    const detail = stderrTail.trim() ? `\nMiniBrowser stderr:\n${stderrTail.trim()}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`, {
      cause: error,
    });
  }
}

/**
 * Observed: an inspector message carrying a large script (axe-core's 650 kB source, which
 * @axe-core/playwright evaluates as one string) silently drops the connection to WebKitGTK, while
 * smaller pieces of the same text pass. So a long string expression is sent in pieces and
 * evaluated in the page, with what `evaluate` does for strings: call the result if it is a function.
 */
const LONG_EXPRESSION = 128 * 1024;

function evaluateLongExpressionsInPieces(frame: Frame): void {
  const evaluate = frame.evaluate.bind(frame) as (fn: unknown, arg?: unknown) => Promise<unknown>;
  frame.evaluate = (async (pageFunction: unknown, arg?: unknown) => {
    if (typeof pageFunction !== 'string' || pageFunction.length <= LONG_EXPRESSION) {
      return evaluate(pageFunction, arg);
    }
    await evaluate(() => {
      (globalThis as { __e2eExpression?: string }).__e2eExpression = '';
    });
    for (let at = 0; at < pageFunction.length; at += LONG_EXPRESSION) {
      await evaluate(
        (piece: string) => {
          (globalThis as { __e2eExpression?: string }).__e2eExpression += piece;
        },
        pageFunction.slice(at, at + LONG_EXPRESSION),
      );
    }
    return evaluate(() => {
      const holder = globalThis as { __e2eExpression?: string };
      const source = holder.__e2eExpression ?? '';
      delete holder.__e2eExpression;
      const result: unknown = (0, eval)(source);
      return typeof result === 'function' ? (result as () => unknown)() : result;
    });
  }) as Frame['evaluate'];
}

/** Whether `to` is `from` with at most another fragment (a same-document navigation). */
function sameDocument(from: URL, to: URL): boolean {
  return (
    from.protocol !== 'about:' &&
    from.origin === to.origin &&
    from.pathname === to.pathname &&
    from.search === to.search
  );
}

/** The test's baseURL for the shared tab (the connector ignores context options). */
const sharedTab: { baseURL: string | undefined } = { baseURL: undefined };

/**
 * Makes the connector's single context and tab look like a fresh context and page per test:
 * `browser.newContext()` returns the context, `context.close()` resets it instead of closing it.
 */
function shareOneTab(browser: Browser, context: BrowserContext, page: Page): void {
  const goto = page.goto.bind(page);
  const visitedOrigins = new Set<string>();
  let restoreListeners: Array<() => void> = [];

  page.goto = async (url, options) => {
    const absolute = new URL(url, sharedTab.baseURL);
    if (absolute.protocol === 'http:' || absolute.protocol === 'https:') {
      visitedOrigins.add(absolute.origin);
    }
    // Observed: through this connector a fragment-only navigation never reports completion, so
    // `goto` would wait for a load that a same-document navigation does not have. Do what the
    // browser does (change the fragment, fire hashchange) and answer as Playwright does for it.
    const current = new URL(page.url());
    if (absolute.hash && sameDocument(current, absolute)) {
      await page.evaluate((hash) => {
        location.hash = hash;
      }, absolute.hash);
      return null;
    }
    return goto(absolute.href, options);
  };

  let pagesHandedOut = 0;
  browser.newContext = async () => {
    restoreListeners = [listenerSnapshot(context), listenerSnapshot(page)];
    pagesHandedOut = 0;
    return context;
  };
  // The first call is Playwright's `page` fixture. A test asking for another page gets the same
  // tab on a fresh document: what it loads next is a new page load, as in a new tab.
  context.newPage = async () => {
    if (pagesHandedOut++ > 0) await goto('about:blank');
    return page;
  };
  context.close = async () => {
    for (const restore of restoreListeners) restore();
    restoreListeners = [];
    await page
      .emulateMedia({ media: null, colorScheme: null, reducedMotion: null, forcedColors: null })
      .catch(() => {});
    for (const origin of visitedOrigins) {
      // A server the test stopped (serverGone.spec.ts) serves no page to clear from; that test
      // clears its origin itself, while the page still runs from the cache.
      const serving = await fetch(origin + RESET_PATH).then(
        () => true,
        () => false,
      );
      if (!serving) continue;
      // A same-origin page, so the storage APIs of that origin are reachable. A 404 is fine.
      await goto(origin + RESET_PATH, { timeout: 10_000 })
        .then(() => page.evaluate(clearOriginStorage))
        .catch((error: unknown) => console.warn(`could not clear storage of ${origin}: ${error}`));
    }
    visitedOrigins.clear();
    await context.clearCookies().catch(() => {});
    await goto('about:blank', { timeout: 10_000 }).catch(() => {});
  };
}

export const test = base.extend<{ _stockWebKitBaseURL: void }, EngineOptions>({
  stockWebKit: [false, { option: true, scope: 'worker' }],

  browser: [
    async ({ stockWebKit, playwright, browserName }, use) => {
      if (stockWebKit) {
        // One retry: starting an external GUI browser can fail transiently on a busy X server.
        const { browser, close } = await connectStockWebKit().catch((error: unknown) => {
          console.warn(`WebKitGTK start failed, retrying once: ${String(error)}`);
          return connectStockWebKit();
        });
        await use(browser);
        await close();
        return;
      }
      // As Playwright's own fixture: launch options (headless, channel, executablePath, args)
      // come from the project's `use` through Playwright's defaults for this worker.
      const browser = await playwright[browserName].launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],

  // Playwright hands baseURL to new contexts through internal hooks the shared tab never sees.
  _stockWebKitBaseURL: [
    async ({ stockWebKit, baseURL }, use) => {
      if (stockWebKit) sharedTab.baseURL = baseURL;
      await use();
    },
    { auto: true },
  ],
});

/**
 * Tag for a test whose outcome depends on cross-origin isolation: it runs in the not-isolated
 * projects too (playwright.config.ts), e.g. `test('stops a runaway run', BOTH_MODES, async ...)`.
 * Untagged tests run in the isolated projects only. Tag only what the mode can change (how the
 * engine boots, how a run is stopped, what the page says about the mode): each tagged test costs
 * three more page boots or more, one per engine.
 */
export const BOTH_MODES = { tag: '@both-modes' };

/** Whether this test runs in Debian's WebKitGTK through the one-tab connector above. */
export function onStockWebKit(testInfo: TestInfo = test.info()): boolean {
  return (testInfo.project.use as Partial<EngineOptions>).stockWebKit === true;
}
