// The HTTP headers the page is served with, in one place: the dev and preview servers
// (vite.config.ts), the static-host `_headers` file in every build, and scripts/serve-dist.mjs
// (the e2e tests and the benchmark) all send exactly these, so the tests run the page under the
// production policy.
//
// Cross-origin isolation (COOP + COEP) lets the page share memory with the engine worker, which is
// how a runaway pattern is interrupted inside CPython. The Content-Security-Policy allows nothing
// but the page's own origin:
//   - scripts only from files of our origin; no inline script, no eval; 'wasm-unsafe-eval' lets
//     WebAssembly compile (Pyodide), nothing else. That holds for every CPython runtime the page
//     ships: older Pyodide releases' classic `pyodide.asm.js` is imported by their loader into the
//     module worker like the newer `.mjs` (e2e/versions.spec.ts boots each under this policy in Compare);
//   - styles from our files, plus <style> elements: CodeMirror mounts its theme as one (style-mod
//     only uses constructed style sheets inside shadow roots). Style attributes in markup are
//     refused (style-src-attr 'none'); styles set through the CSSOM are not markup. Since images,
//     fonts and connections are limited to our origin, an injected style could not send anything
//     anywhere;
//   - fetches, workers and the service worker from our origin (plus the error-report endpoint's,
//     only in a build that sets one); no plugins (object-src), no <base>,
//     no form submissions, and no framing by other pages (frame-ancestors).
// The dev server sends no policy: Vite's hot reload injects styles and scripts its own way.

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The error-report endpoint a build may set (PYREGEX_ERROR_REPORTS_URL, see
 * web/src/lib/diagnostics/errorReports.ts), checked: https (or http on localhost, for testing), or
 * '' when unset. Its origin is the one other origin the page may then send to, and only once the
 * user turns reports on. Unset (the default), the page connects to its own origin only.
 */
export function errorReportsURL(url = process.env.PYREGEX_ERROR_REPORTS_URL ?? '') {
  if (url === '') return '';
  const parsed = new URL(url);
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    throw new Error(`PYREGEX_ERROR_REPORTS_URL must be an https URL, not ${url}`);
  }
  return url;
}

const REPORTS_URL = errorReportsURL();

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "style-src-elem 'self' 'unsafe-inline'",
  "style-src-attr 'none'",
  "img-src 'self' data:",
  "font-src 'self'",
  REPORTS_URL === '' ? "connect-src 'self'" : `connect-src 'self' ${new URL(REPORTS_URL).origin}`,
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response, isolated or not. */
export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** What production sends: isolation and security together. */
export const PRODUCTION_HEADERS = { ...ISOLATION_HEADERS, ...SECURITY_HEADERS };
