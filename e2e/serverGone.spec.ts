/**
 * The site's server goes away: after a first visit has precached the page and the engine, the
 * server stops (connections are refused, as when the site is down or the machine is off the
 * network) and a reload still boots Python from the service worker's cache and answers.
 * offline.spec.ts turns the network off through the driver (`context.setOffline`); this needs
 * nothing from the driver, so it runs in every engine, WebKitGTK on its local connector included.
 * The test serves dist/ on a port of its own, so stopping that server stops nothing else.
 * Isolated projects only: that a page served without the isolation headers stays so from the cache
 * is offline.spec.ts's (both modes), and the cache keeping headers is seen here in every engine by
 * the isolated page staying isolated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, freePort, test } from './fixtures';
import { editor, failOnConsoleErrors, isolatedProject, setText, waitReady } from './helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The probe below fails on purpose: nothing answers any more.
failOnConsoleErrors([/\/server-gone-probe-\d+\.txt\)$/]);

interface PrivateServer {
  origin: string;
  stop(): Promise<void>;
}

/** scripts/serve-dist.mjs on a free port, with or without the isolation headers, once it answers. */
async function startServer(isolated: boolean): Promise<PrivateServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const flags = isolated ? [] : ['--no-isolation'];
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(root, 'scripts', 'serve-dist.mjs'), '--port', String(port), ...flags],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve-dist exited early (${child.exitCode})`);
    const answered = await fetch(`${origin}/index.html`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`serve-dist did not answer on ${origin}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

test('keeps working from the cache when its server is gone', async ({ context, page }) => {
  // Two boots, and a first visit that waits for the whole precache.
  test.slow();
  const server = await startServer(isolatedProject());
  const urls: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  try {
    await page.goto(`${server.origin}/`);
    await waitReady(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await server.stop();
    const refused = await fetch(`${server.origin}/index.html`).then(
      () => 'answered',
      () => 'refused',
    );
    expect(refused, 'the server is really gone').toBe('refused');

    await page.reload();
    await waitReady(page);
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(isolatedProject());
    // A file the service worker does not hold cannot be had: the page runs from the cache alone.
    const probe = await page.evaluate(() =>
      fetch(`./server-gone-probe-${Date.now()}.txt`).then(
        (response) => `answered ${response.status}`,
        () => 'failed',
      ),
    );
    expect(probe).toBe('failed');

    await setText(editor(page, 'Test string'), 'abbcb');
    await setText(editor(page, 'Pattern'), '(?P<run>b+)');
    const matches = page.getByRole('list', { name: 'Matches' }).getByRole('listitem');
    await expect(matches).toHaveCount(2);
    await expect(matches.nth(0)).toContainText('[1, 3)');

    // The origin dies with its server: leave no service worker or cache behind in a browser that
    // outlives the test (WebKitGTK's one tab cannot load a page of that origin to clear it later).
    await page.evaluate(async () => {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((registration) => registration.unregister()));
      await Promise.all((await caches.keys()).map((name) => caches.delete(name)));
    });
  } finally {
    await server.stop();
  }
  const elsewhere = urls
    .filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'))
    .filter((url) => new URL(url).origin !== server.origin);
  expect(elsewhere, 'requests to other origins').toEqual([]);
});
