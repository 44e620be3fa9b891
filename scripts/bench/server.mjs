// Serves the dist/ under test for the benchmark through scripts/serve-dist.mjs --compress, as a
// static host would (cache revalidation, brotli/gzip negotiation), isolated or not, and fetches
// every file once with `Accept-Encoding: br, gzip` before any measurement so no measured visit
// waits for the server's one-off on-the-fly compression (a CDN would have it cached too).
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
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', (code) => reject(new Error(`serve-dist exited with ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  for (const file of filesUnder(distDir)) {
    const response = await fetch(`${origin}/${file}`, {
      headers: { 'Accept-Encoding': 'br, gzip' },
    });
    await response.arrayBuffer();
  }
  return {
    url: `${origin}/`,
    stop: () => child.kill(),
  };
}
