// S1 (issue 19): pyregex's first result against stock Pyodide's, the anchor. The stock page
// (scripts/bench/stock/) loads the same Pyodide release from the npm package `pyodide`, copied
// beside it as a user self-hosting it would serve the package's files, and runs one `re` call
// on a bare page. It is served by a second scripts/serve-dist.mjs with exactly the flags the page
// under test gets (server.mjs: --compress, the isolation and security headers, `no-cache` with
// revalidation, every file fetched once before measuring), from a directory of its own, so the
// two are served the same way and neither finds the other's files. The package's files have no
// precompressed siblings (the npm package ships none): the server compresses them on the fly,
// as it does any file of ours without one.
// Measured in the same run, alternating: each run is a fresh profile for each page, both cold
// visits, then both warm ones (the same profile navigated again), which page goes first swapping
// from run to run so neither always follows the other. Times are performance.now() in the page
// (ms since navigation start): ours from startup.mjs's visit (the match list's first item), the
// stock page's from its own record (its result in the DOM). Bytes: every response the server
// sent for the visit (its request log, as P2).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSettledTab, persistentContext, waitInPage } from './browser.mjs';
import { serve } from './server.mjs';
import { visit } from './startup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PAGE = path.join(root, 'scripts/bench/stock');
const PACKAGE = path.join(root, 'node_modules/pyodide');
/** What the stock page's one call, `re.search(...).span()`, gives: the bench checks it got it. */
const EXPECTED = '(3, 10)';

/** Builds the stock site (the page and the npm package's files as they are); returns its dir. */
function prepareStockSite() {
  const dir = path.join(root, '.cache/bench-stock');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(PAGE, dir, { recursive: true });
  cpSync(PACKAGE, path.join(dir, 'pyodide'), { recursive: true, dereference: true });
  return dir;
}

/** One navigation of the stock page: {ready, firstResult} in ms, and the responses sent for it. */
async function visitStock(context, server) {
  const page = await openSettledTab(context);
  const mark = server.mark();
  await page.goto(server.url, { waitUntil: 'domcontentloaded' });
  await waitInPage(
    page,
    () => window.__stock?.firstResult !== undefined || window.__stock?.error !== undefined,
  );
  const { ready, firstResult, result, error } = await page.evaluate(() => ({ ...window.__stock }));
  if (error !== undefined || result !== EXPECTED) {
    throw new Error(`S1: the stock page answered ${JSON.stringify(result)}: ${error ?? ''}`);
  }
  await page.waitForLoadState('networkidle');
  await server.settled();
  const resources = server.sentSince(mark).sort((a, b) => b.bytes - a.bytes);
  await page.close();
  return { ready, firstResult, resources };
}

/**
 * `runs` × (both pages cold, then both warm), pyregex's page on `ours` (a started server.mjs
 * server) and the stock page on its own server at `port`.
 * Returns {pyodide, ours: {cold, warm}, stock: {cold, warm}, order}.
 */
export async function measureStock(ours, port, runs, log) {
  const { version } = JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8'));
  const stockServer = await serve(prepareStockSite(), port);
  const sides = {
    ours: { server: ours, visit, cold: [], warm: [] },
    stock: { server: stockServer, visit: visitStock, cold: [], warm: [] },
  };
  const order = [];
  try {
    for (let i = 0; i < runs; i++) {
      const names = i % 2 === 0 ? ['ours', 'stock'] : ['stock', 'ours'];
      order.push(names[0]);
      const profiles = [];
      const contexts = {};
      try {
        for (const kind of ['cold', 'warm']) {
          for (const name of names) {
            if (contexts[name] === undefined) {
              const profile = mkdtempSync(path.join(os.tmpdir(), `pyregex-bench-${name}-`));
              profiles.push(profile);
              contexts[name] = await persistentContext(profile);
            }
            const side = sides[name];
            side[kind].push(await side.visit(contexts[name], side.server));
          }
        }
      } finally {
        for (const context of Object.values(contexts)) await context.close();
        for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
      }
      const at = (name, kind) => Math.round(sides[name][kind].at(-1).firstResult);
      log(
        `S1 run ${i + 1}/${runs} (${names[0]} first): first result cold ${at('ours', 'cold')} vs ` +
          `${at('stock', 'cold')} ms, warm ${at('ours', 'warm')} vs ${at('stock', 'warm')} ms`,
      );
    }
  } finally {
    stockServer.stop();
  }
  const strip = ({ cold, warm }) => ({ cold, warm });
  return { pyodide: version, ours: strip(sides.ours), stock: strip(sides.stock), order };
}
