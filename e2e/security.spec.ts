/**
 * The page runs under its production Content-Security-Policy (scripts/headers.mjs, sent by
 * scripts/serve-dist.mjs exactly as by dist/_headers) in every engine: the policy arrives with the
 * page and its worker, the page and the engine work under it without a single violation, and what
 * it exists for holds: an injected inline script does not run, an injected inline style attribute
 * does not apply, and nothing may be fetched from another origin.
 */
import { CONTENT_SECURITY_POLICY } from '../scripts/headers.mjs';
import { expect, test, type Page } from './fixtures';
import { editor, linkTo, open, recordRequests, setText } from './helpers';

const requests = recordRequests();

declare global {
  interface Window {
    __violations: string[];
    __injected?: boolean;
  }
}

/** Collects every CSP violation the page reports, from before its first script runs. */
test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
});

const violations = (page: Page) => page.evaluate(() => window.__violations);

test('the page and its worker arrive with the production policy', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.getByRole('status')).toContainText('Ready', { timeout: 45_000 });

  const worker = requests().find((r) => /engine-[\d.]+\.worker-[\w-]+\.js$/.test(r.url()));
  expect(worker, 'the engine worker script was requested').toBeDefined();
  const workerResponse = await worker?.response();
  expect(workerResponse?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
});

test('works under the policy without a single violation', async ({ page }) => {
  const fragment = await linkTo({
    pattern: '(?P<word>\\w+)',
    text: 'hello <b>world</b>',
    op: 'sub',
    replacement: '[\\g<word>]',
  });
  await open(page, fragment);
  await expect(editor(page, 'Output')).toContainText('[hello] <[b]>[world]</[b]>');
  await setText(editor(page, 'Pattern'), '(');
  await expect(page.getByText('missing ), unterminated subpattern').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('refuses an injected inline script and inline style', async ({ context }) => {
  // A page of its own: browsers report each refusal as a console error (Chromium) or a page
  // error (Firefox), which every other test counts as a failure; here they are the point.
  const page = await context.newPage();
  await open(page);
  const outcome = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    const styled = document.createElement('div');
    styled.setAttribute('style', 'width: 123px');
    document.body.append(styled);
    // Violation events are dispatched asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { injected: window.__injected === true, width: getComputedStyle(styled).width };
  });
  expect(outcome.injected).toBe(false);
  expect(outcome.width).not.toBe('123px');
  const seen = await violations(page);
  expect(seen.some((v) => v.startsWith('script-src'))).toBe(true);
  expect(seen.some((v) => v.startsWith('style-src'))).toBe(true);
});
