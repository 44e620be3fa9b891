/**
 * gunzipping against synthetic responses: a gzipped `.gz` file comes inflated, byte for byte,
 * however its body is cut into chunks; a body the host already decoded, a file of another name and
 * a failed response pass as they are. (The runtime conformance test boots every runtime on the
 * gzipped archives through it.)
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipping, namesGzip } from './gzippedArchives';

/** Bytes that look like nothing in particular, long enough to span chunks. */
const ZIP = Uint8Array.from({ length: 70_000 }, (_, index) => (index * 31 + (index >> 7)) % 251);
const GZIPPED = new Uint8Array(gzipSync(ZIP, { level: 9 }));

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += chunkSize) {
        controller.enqueue(bytes.slice(at, at + chunkSize));
      }
      controller.close();
    },
  });
}

function serving(body: Uint8Array | null, init: ResponseInit = {}, chunkSize = 4096) {
  const seen: string[] = [];
  const inner: typeof fetch = async (input) => {
    seen.push(String(input));
    return new Response(body === null ? null : streamOf(body, chunkSize), init);
  };
  return { fetch: gunzipping(inner), seen };
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  return new Uint8Array(await response.arrayBuffer());
}

describe('gunzipping', () => {
  const url = 'http://127.0.0.1/app/pyodide/3.14/python_stdlib.zip.gz';

  it('inflates a gzipped .gz file and drops the gzip length', async () => {
    const { fetch, seen } = serving(GZIPPED, {
      headers: { 'Content-Length': String(GZIPPED.length), 'X-Kept': 'yes' },
    });
    const response = await fetch(url);
    expect(seen).toEqual([url]);
    expect(await bytesOf(response)).toEqual(ZIP);
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('x-kept')).toBe('yes');
  });

  it('reads the gzip signature across chunks of one byte', async () => {
    const { fetch } = serving(GZIPPED, {}, 1);
    expect(await bytesOf(await fetch(url))).toEqual(ZIP);
  });

  it('passes a body the host already decoded (Content-Encoding) as it is', async () => {
    const { fetch } = serving(ZIP, { headers: { 'Content-Encoding': 'gzip' } });
    expect(await bytesOf(await fetch(url))).toEqual(ZIP);
  });

  it('leaves files of other names alone, gzip or not', async () => {
    const { fetch } = serving(GZIPPED);
    const wasm = await fetch('http://127.0.0.1/app/pyodide/3.14/pyodide.asm.wasm');
    expect(await bytesOf(wasm)).toEqual(GZIPPED);
  });

  it('leaves failed and empty responses alone', async () => {
    const missing = serving(GZIPPED, { status: 404 });
    const notFound = await missing.fetch(url);
    expect(notFound.status).toBe(404);
    expect(await bytesOf(notFound)).toEqual(GZIPPED);

    const empty = serving(new Uint8Array(0));
    expect(await bytesOf(await empty.fetch(url))).toEqual(new Uint8Array(0));
  });

  it('fails the read of a body that is gzip at first and broken after', async () => {
    const broken = GZIPPED.slice(0, 100);
    const { fetch } = serving(broken);
    await expect((await fetch(url)).arrayBuffer()).rejects.toThrow();
  });
});

describe('namesGzip', () => {
  it('looks at the path only', () => {
    expect(namesGzip('http://h/p/python_stdlib.zip.gz')).toBe(true);
    expect(namesGzip('http://h/p/pyregex-0.1.0-py3-none-any.whl.gz?v=1#x')).toBe(true);
    expect(namesGzip('http://h/p/python_stdlib.zip')).toBe(false);
    expect(namesGzip('http://h/p.gz/pyodide.asm.wasm')).toBe(false);
    expect(namesGzip('/lib/python_stdlib.zip.gz')).toBe(true);
  });
});
