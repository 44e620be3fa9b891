// Serves the dist/ under test for the benchmark through scripts/serve-dist.mjs --compress, as a
// static host would (cache revalidation, brotli/gzip negotiation), isolated or not, and fetches
// every file once with `Accept-Encoding: br, gzip` before any measurement so no measured visit
// waits for the server's one-off on-the-fly compression (a CDN would have it cached too).
// It also keeps the server's request log (--log-requests): the bytes each response really put on
// the wire, which is what P2 counts (the browser's own accounting of a service worker's
// revalidated fetches reports the cached body as if it had been downloaded again).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** Starts the server and resolves once it listens and every file has been fetched compressed. */
export async function serve(distDir, port, { isolated = true } = {}) {
  const args = [
    path.join(root, 'scripts/serve-dist.mjs'),
    '--dir',
    distDir,
    '--port',
    `${port}`,
    '--compress',
    ...(isolated ? [] : ['--no-isolation']),
  ];
  const child = spawn(process.execPath, [...args, '--log-requests'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.setEncoding('utf8');
  const sent = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  let buffered = '';
  const listening = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve-dist exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop();
      for (const line of lines) {
        if (!line.startsWith('{')) {
          resolve();
          continue;
        }
        const entry = JSON.parse(line);
        lastActivity = Date.now();
        if ('start' in entry) inFlight += 1;
        else {
          inFlight -= 1;
          sent.push(entry);
        }
      }
    });
  });
  await listening;
  const origin = `http://127.0.0.1:${port}`;
  for (const file of filesUnder(distDir)) {
    const response = await fetch(`${origin}/${file}`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    await response.arrayBuffer();
  }
  return {
    url: `${origin}/`,
    /** Where the log stands now; `sentSince(mark)` is every response sent after it. */
    mark: () => sent.length,
    sentSince: (mark) => sent.slice(mark),
    /** Resolves once no request is in flight and none has come or gone for `quietMs`. */
    async settled(quietMs = 1_000) {
      while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => child.kill(),
  };
}
