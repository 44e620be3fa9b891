/**
 * End-to-end tests of the built page (dist/, from `npm run build`), served twice by
 * scripts/serve-dist.mjs: with the cross-origin isolation headers (interrupts through the shared
 * buffer) and without them (the engine can only be stopped by terminating its worker). Every spec
 * runs in six projects: {chromium, firefox, webkit} × {isolated, not-isolated}.
 * It must never point a test at a public site or another origin.
 *
 * One switch picks the browsers, PW_LOCAL_BROWSERS (scripts/test-e2e.sh sets it):
 *   PW_LOCAL_BROWSERS=1  the Debian packages, no browser download: chromium (/usr/bin/chromium),
 *                        firefox-esr through Playwright's WebDriver BiDi backend (channel
 *                        'moz-firefox'; needs @playwright/test pinned to 1.64.1, see package.json),
 *                        and WebKitGTK's MiniBrowser (package webkit2gtk-driver) attached by
 *                        e2e/fixtures.ts, each on a private Xvfb (package xvfb) it starts.
 *   PW_LOCAL_BROWSERS=0  Playwright's own downloaded browsers (`npx playwright install --with-deps`),
 *                        as on GitHub Actions (.github/workflows/ci.yml).
 *   unset                1 when /usr/bin/chromium exists and this is not GitHub Actions, else 0.
 * Specs import `test`/`expect` from e2e/fixtures.ts, never from '@playwright/test'.
 */
import { defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import type { EngineOptions } from './e2e/fixtures';
import { SYSTEM_CHROMIUM, SYSTEM_CHROMIUM_FLAGS } from './scripts/systemChromium.mjs';

const SYSTEM_FIREFOX = '/usr/bin/firefox-esr';

function useLocalBrowsers(): boolean {
  const choice = process.env.PW_LOCAL_BROWSERS;
  if (choice !== undefined && choice !== '') return choice === '1';
  return !process.env.GITHUB_ACTIONS && existsSync(SYSTEM_CHROMIUM);
}

type EngineUse = PlaywrightTestConfig<object, EngineOptions>['use'];
type Engine = 'chromium' | 'firefox' | 'webkit';

const ENGINES: Record<Engine, EngineUse> = useLocalBrowsers()
  ? {
      chromium: {
        browserName: 'chromium',
        launchOptions: { executablePath: SYSTEM_CHROMIUM, args: [...SYSTEM_CHROMIUM_FLAGS] },
      },
      firefox: {
        browserName: 'firefox',
        // 'moz-firefox' selects Playwright's WebDriver BiDi backend, which drives stock Firefox.
        channel: 'moz-firefox',
        launchOptions: { executablePath: SYSTEM_FIREFOX },
      },
      // Playwright cannot launch stock WebKitGTK; e2e/fixtures.ts starts and attaches it.
      webkit: { browserName: 'webkit', stockWebKit: true },
    }
  : {
      chromium: { ...devices['Desktop Chrome'] },
      firefox: { ...devices['Desktop Firefox'] },
      webkit: { ...devices['Desktop Safari'] },
    };

/** E2E_PORT moves both servers (two checkouts can test side by side); the second is one above. */
const ISOLATED_PORT = Number(process.env.E2E_PORT ?? 47613);
const NOT_ISOLATED_PORT = ISOLATED_PORT + 1;
const serve = (port: number, flags = '') => ({
  command: `node scripts/serve-dist.mjs --port ${port} ${flags}`.trim(),
  url: `http://127.0.0.1:${port}/index.html`,
  reuseExistingServer: !process.env.CI,
  stdout: 'ignore' as const,
  stderr: 'pipe' as const,
});

/**
 * Isolated: every test. Not isolated: only the tests tagged '@both-modes' (`BOTH_MODES` in
 * e2e/fixtures.ts), those whose outcome depends on the isolation mode: the mode the engine boots in
 * (and its first answer), stopping a runaway run (by the deadline, by Stop, a suite's runaway case)
 * and the mode a page from the service worker's cache is in. The rest of the page behaves the same
 * in both modes, and every test boots Pyodide (seconds; more in WebKit), so running it twice would
 * double the suite's time for no extra coverage.
 */
const MODES = [
  { suffix: 'isolated', isolated: true, port: ISOLATED_PORT, grep: undefined },
  { suffix: 'not-isolated', isolated: false, port: NOT_ISOLATED_PORT, grep: /@both-modes/ },
];

export default defineConfig<object, EngineOptions>({
  testDir: 'e2e',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  // Two cores here: two workers, each test boots its own Pyodide.
  workers: 2,
  fullyParallel: true,
  // CI uploads the HTML report (playwright-report/) when a job fails.
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  // Each test boots Pyodide (a few seconds); the non-isolated path boots it twice.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: { trace: 'on-first-retry' },
  webServer: [serve(ISOLATED_PORT), serve(NOT_ISOLATED_PORT, '--no-isolation')],
  projects: (Object.keys(ENGINES) as Engine[]).flatMap((engine) =>
    MODES.map(({ suffix, isolated, port, grep }) => ({
      name: `${engine}-${suffix}`,
      metadata: { isolated },
      // WebKitGTK on its local connector, on a loaded two-core machine, has been seen to take
      // over 45 s to boot a restarted engine (not isolated: a stop restarts the worker) in a test
      // that passes in 40 s alone; one retry there, reported as flaky, not hidden.
      ...(engine === 'webkit' && useLocalBrowsers() && !process.env.CI ? { retries: 1 } : {}),
      ...(grep ? { grep } : {}),
      use: { ...ENGINES[engine], baseURL: `http://127.0.0.1:${port}` },
    })),
  ),
});
