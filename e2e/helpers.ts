/**
 * What every e2e spec needs to drive the page: opening it until the engine is ready, the editors by
 * their accessible names, replacing an editor's text as a user would, permalinks for texts that
 * cannot be typed, and the per-test watchers that fail a test on a console error, an uncaught
 * exception or a request to another origin. One copy, so the specs differ only in what they test.
 */
import type { Locator, Page, Request } from '@playwright/test';
import { encodeSession } from '../web/src/lib/state/permalink';
import { DEFAULT_SESSION, type Session } from '../web/src/lib/state/session';
import { expect, test } from './fixtures';

/** Booting Pyodide takes a few seconds; a loaded CI machine (or a restart) may take longer. */
export const BOOT_MS = 45_000;

/** True in the projects served with the cross-origin isolation headers. */
export const isolatedProject = () => test.info().project.metadata.isolated === true;

export async function waitReady(page: Page, timeout = BOOT_MS): Promise<void> {
  await expect(page.getByRole('status')).toContainText('Ready', { timeout });
}

/**
 * Opens the page, optionally on a session (a permalink fragment from `linkTo`), until ready;
 * `bootMs` for a test that runs while the machine boots other runtimes too.
 */
export async function open(page: Page, fragment = '', bootMs = BOOT_MS): Promise<void> {
  await page.goto(`/${fragment}`);
  await waitReady(page, bootMs);
}

/** The page's own permalink fragment for a session (exact text, CR included). */
export async function linkTo(session: Partial<Session>): Promise<string> {
  return encodeSession({ ...DEFAULT_SESSION, ...session });
}

/** The page's background in each theme (--color-bg in web/src/styles/tokens.css). */
export const BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(15, 20, 23)' } as const;

/**
 * Switches the page to the light or dark theme with its toggle (system → light → dark), and waits
 * until the page is painted in it. The toggle, not `emulateMedia`: Firefox through WebDriver BiDi
 * does not tell a loaded page that the emulated scheme changed, so only a new load would follow it.
 */
export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  for (let i = 0; i < 3 && (await toggle.getAttribute('aria-label')) !== `Theme: ${theme}`; i++) {
    await toggle.click();
  }
  await expect(toggle).toHaveAccessibleName(`Theme: ${theme}`);
  await expect(page.locator('html')).toHaveCSS('background-color', BACKGROUND[theme]);
}

export type EditorName = 'Pattern' | 'Test string' | 'Replacement' | 'Output';

/** An editor by role and exact name: a plain field and a code editor (contenteditable) alike. */
export const editor = (page: Page, name: EditorName) =>
  page.getByRole('textbox', { name, exact: true });

/**
 * Replaces an editor's text as a user would: focus, select all, delete, type. Focusing first
 * matters (CodeMirror restores its own selection when it takes focus), and so does emptying the
 * editor before typing (Firefox's WebDriver BiDi otherwise keeps an empty line where the old lines
 * were, and under load Chromium's `fill` appended). A CR cannot be typed, and drivers insert many
 * lines differently: such texts come in through links (`linkTo`), as they do for users.
 */
export async function setText(target: Locator, text: string): Promise<void> {
  await target.focus();
  await target.press('ControlOrMeta+a');
  await target.press('Backspace');
  if (text !== '') await target.fill(text);
}

/**
 * Fails each test of the calling spec in which the page logs a console error or throws. `expected`
 * lists errors a spec causes on purpose (matched against "message (url)"). Returns the watcher,
 * for a second page a test opens.
 */
export function failOnConsoleErrors(expected: RegExp[] = []): (page: Page) => void {
  let problems: string[] = [];
  const watch = (page: Page): void => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      const problem = `console: ${message.text()}${where ? ` (${where})` : ''}`;
      if (!expected.some((pattern) => pattern.test(problem))) problems.push(problem);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  };
  test.beforeEach(({ page }) => {
    problems = [];
    watch(page);
  });
  test.afterEach(() => {
    expect(problems, 'console errors and uncaught exceptions').toEqual([]);
  });
  return watch;
}

/**
 * Records every request of each test (page and workers alike) and fails the test on an uncaught
 * exception or a request to another origin. `expectedPageErrors` lists exceptions a spec causes on
 * purpose (matched against the message). Returns the current test's requests.
 */
export function recordRequests(expectedPageErrors: RegExp[] = []): () => Request[] {
  let requests: Request[] = [];
  let pageErrors: string[] = [];
  test.beforeEach(async ({ context, page }) => {
    requests = [];
    pageErrors = [];
    context.on('request', (request) => requests.push(request));
    page.on('pageerror', (error) => {
      if (!expectedPageErrors.some((pattern) => pattern.test(error.message))) {
        pageErrors.push(error.message);
      }
    });
  });
  test.afterEach(async ({ baseURL }) => {
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    const origin = new URL(baseURL ?? '').origin;
    const elsewhere = requests
      .map((r) => r.url())
      .filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'))
      .filter((url) => new URL(url).origin !== origin);
    expect(elsewhere, 'requests to other origins').toEqual([]);
  });
  return () => requests;
}
