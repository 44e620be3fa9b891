// Serves the built dist/ over HTTP on 127.0.0.1 for end-to-end tests and measurements, with the
// cross-origin isolation headers (as vite.config.ts and dist/_headers send them) or, with
// --no-isolation, without them, so the page's non-isolated path can be tested too. Like most static
// hosts it lets browsers keep files but revalidate them (Last-Modified, `no-cache`, 304), so a
// warm-cache measurement means what it means on a real host.
// It must never serve anything outside dist/ and never be used as a production server.
//
// Usage: node scripts/serve-dist.mjs [--port 47613] [--no-isolation] [--dir dist]
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', '47613'));
const isolated = !process.argv.includes('--no-isolation');
const dir = path.resolve(root, option('--dir', 'dist'));

// Keep in step with ISOLATION_HEADERS in vite.config.ts (the e2e tests check the outcome).
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.whl': 'application/zip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Maps a request path into dir/, or null when it would leave it. Folders get their index.html. */
async function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + decoded));
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return resolveFile(path.posix.join(urlPath, 'index.html'));
  return info?.isFile() ? { file, size: info.size, mtime: info.mtime } : null;
}

if (!existsSync(path.join(dir, 'index.html'))) {
  console.error(`${dir}/index.html does not exist: run \`npm run build\` first.`);
  process.exit(1);
}

const server = http.createServer(async (req, res) => {
  const headers = isolated ? { ...ISOLATION_HEADERS } : {};
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
    return;
  }
  const found = await resolveFile(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (found === null) {
    res
      .writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
      .end('not found');
    return;
  }
  const lastModified = found.mtime.toUTCString();
  const caching = { 'Cache-Control': 'no-cache', 'Last-Modified': lastModified };
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (since >= Date.parse(lastModified)) {
    res.writeHead(304, { ...headers, ...caching }).end();
    return;
  }
  const type = MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...headers,
    ...caching,
    'Content-Type': type,
    'Content-Length': found.size,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(found.file).pipe(res);
});

server.listen(port, '127.0.0.1', () => {
  const mode = isolated ? 'with COOP/COEP' : 'WITHOUT isolation headers';
  console.log(`serving ${path.relative(root, dir) || '.'} at http://127.0.0.1:${port}/ (${mode})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
