// Serves the built dist/ over HTTP on 127.0.0.1 for end-to-end tests and measurements, with the
// production headers of scripts/headers.mjs (as dist/_headers and `vite preview` send them: the
// cross-origin isolation headers and the Content-Security-Policy) or, with --no-isolation, with
// the security headers only, so the page's non-isolated path can be tested too. Like most static
// hosts it lets browsers keep files but revalidate them (Last-Modified, `no-cache`, 304), so a
// warm-cache measurement means what it means on a real host.
// With --compress it also compresses as static hosts and CDNs do (`npm run bench` measures the
// bytes on the wire with it): `Accept-Encoding` is negotiated (br, then gzip), a precompressed
// sibling (`file.br`, `file.gz`) in dist/ is sent when there is one, else the file is compressed
// once with node:zlib and the bytes are kept in memory. Formats that are already compressed (zip,
// wheel, png...) are sent as they are. Without the flag nothing is compressed (the e2e tests).
// With --log-requests it prints one JSON line per request when it starts ({"start": path}) and
// when its response is sent ({"path", "status", "encoding", "bytes"}: headers and body as written
// to the socket), which is how `npm run bench` counts the bytes a visit really transferred.
// It must never serve anything outside dist/ and never be used as a production server.
//
// Usage: node scripts/serve-dist.mjs [--port 47613] [--no-isolation] [--dir dist]
//                                    [--compress [--brotli-quality 5]] [--log-requests]
import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ISOLATION_HEADERS, SECURITY_HEADERS } from './headers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', '47613'));
const isolated = !process.argv.includes('--no-isolation');
const dir = path.resolve(root, option('--dir', 'dist'));
const compress = process.argv.includes('--compress');
const logRequests = process.argv.includes('--log-requests');
// On-the-fly brotli at 11 takes over a minute for Pyodide's 9.6 MB wasm; CDNs compressing on the
// fly use a middle quality like this one. Precompressed siblings can be built at any quality.
const brotliQuality = Number(option('--brotli-quality', '5'));

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
  // The engine's archives as the build ships them (python_stdlib.zip.gz, pyregex-….whl.gz).
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Types worth compressing; anything else (zip, whl, png, ico...) is already compressed or tiny. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.map',
  '.wasm',
  '.svg',
  '.txt',
  '.webmanifest',
]);

/** Encodings we produce, in order of preference, with their sibling suffix and compressor. */
const ENCODINGS = [
  {
    name: 'br',
    suffix: '.br',
    compress: (bytes) =>
      promisify(zlib.brotliCompress)(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  },
  { name: 'gzip', suffix: '.gz', compress: (bytes) => promisify(zlib.gzip)(bytes) },
];

/** The encodings `Accept-Encoding` allows (q > 0), e.g. 'gzip, deflate, br, zstd' -> br, gzip. */
function accepted(header) {
  const allowed = new Set();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) allowed.add(name);
  }
  return ENCODINGS.filter(({ name }) => allowed.has(name) || allowed.has('*'));
}

/** Compressed bodies made on the fly, by encoding + file + mtime (a rebuilt file gets new ones). */
const compressedCache = new Map();

/**
 * The body to send for `found` in the first encoding of `encodings` that applies: a precompressed
 * sibling, else the file compressed here (once). Null when the file is not worth compressing.
 */
async function compressedBody(found, encodings) {
  if (!COMPRESSIBLE.has(path.extname(found.file).toLowerCase())) return null;
  for (const encoding of encodings) {
    const sibling = found.file + encoding.suffix;
    const info = await stat(sibling).catch(() => null);
    if (info?.isFile() && info.mtime >= found.mtime) {
      return { encoding: encoding.name, bytes: await readFile(sibling) };
    }
  }
  const [encoding] = encodings;
  if (encoding === undefined) return null;
  const key = `${encoding.name}:${found.file}:${found.mtime.getTime()}`;
  if (!compressedCache.has(key)) {
    const made = readFile(found.file).then((bytes) => encoding.compress(bytes));
    compressedCache.set(key, made);
    made.catch(() => compressedCache.delete(key));
  }
  return { encoding: encoding.name, bytes: await compressedCache.get(key) };
}

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

/**
 * Logs the request now and its response once sent. HTTP/1.1 connections carry one response at a
 * time, so the socket's bytesWritten delta is exactly this response's headers and body.
 */
const sentEncoding = new WeakMap();

function logRequest(req, res) {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const before = req.socket.bytesWritten;
  console.log(JSON.stringify({ start: pathname }));
  res.once('finish', () => {
    const line = {
      path: pathname,
      status: res.statusCode,
      encoding: sentEncoding.get(res) ?? null,
      bytes: req.socket.bytesWritten - before,
    };
    console.log(JSON.stringify(line));
  });
}

const server = http.createServer(async (req, res) => {
  if (logRequests) logRequest(req, res);
  const headers = isolated
    ? { ...ISOLATION_HEADERS, ...SECURITY_HEADERS }
    : { ...SECURITY_HEADERS };
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
  const caching = {
    'Cache-Control': 'no-cache',
    'Last-Modified': lastModified,
    ...(compress ? { Vary: 'Accept-Encoding' } : {}),
  };
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  if (since >= Date.parse(lastModified)) {
    res.writeHead(304, { ...headers, ...caching }).end();
    return;
  }
  const type = MIME_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  if (compress) {
    const body = await compressedBody(found, accepted(req.headers['accept-encoding']));
    if (body !== null) sentEncoding.set(res, body.encoding);
    res.writeHead(200, {
      ...headers,
      ...caching,
      'Content-Type': type,
      ...(body === null
        ? { 'Content-Length': found.size }
        : { 'Content-Encoding': body.encoding, 'Content-Length': body.bytes.length }),
    });
    if (req.method === 'HEAD') res.end();
    else if (body === null) createReadStream(found.file).pipe(res);
    else res.end(body.bytes);
    return;
  }
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
  const mode =
    (isolated ? 'with COOP/COEP' : 'WITHOUT isolation headers') + (compress ? ', compressed' : '');
  console.log(`serving ${path.relative(root, dir) || '.'} at http://127.0.0.1:${port}/ (${mode})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
