/**
 * The build ships the engine's two archives, the trimmed standard library and the pyregex wheel,
 * as zips whose members are stored uncompressed (CPython's zipimport then reads each module as it
 * is, instead of inflating it with zlib compiled to WebAssembly, which cost a first visit tens of
 * milliseconds), each gzipped whole for the wire (`python_stdlib.zip.gz`, `pyregex-….whl.gz`), so
 * every host sends them compressed whatever it compresses on its own. This module lends the
 * engine a `fetch` that hands back such a file's zip: the browser's own DecompressionStream
 * inflates it as it arrives. It changes nothing else: only files named `.gz` are looked at, and
 * only a body that starts as gzip does (one the host already decoded with Content-Encoding, or a
 * service worker's cached copy of that, passes as it is).
 */

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** A body's chunks, as fetch yields them and DecompressionStream takes them. */
type Bytes = Uint8Array<ArrayBuffer>;

function urlOf(input: RequestInfo | URL, response: Response): string {
  if (response.url) return response.url;
  return input instanceof Request ? input.url : String(input);
}

/** Whether `url` names a gzipped file (its path ends in `.gz`; a query or fragment aside). */
export function namesGzip(url: string): boolean {
  const pathname = URL.canParse(url) ? new URL(url).pathname : url.split(/[?#]/)[0]!;
  return pathname.endsWith('.gz');
}

/**
 * The first `count` bytes of `body` (fewer if it ends first) and a stream of the whole body, the
 * bytes read included, to use in its place.
 */
async function peek(
  body: ReadableStream<Bytes>,
  count: number,
): Promise<{ head: Uint8Array; whole: ReadableStream<Bytes> }> {
  const reader = body.getReader();
  const chunks: Bytes[] = [];
  let length = 0;
  let done = false;
  while (length < count && !done) {
    const next = await reader.read();
    if (next.done) done = true;
    else if (next.value.byteLength > 0) {
      chunks.push(next.value);
      length += next.value.byteLength;
    }
  }
  const head = new Uint8Array(Math.min(count, length));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= head.length) break;
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.byteLength;
  }
  const whole = new ReadableStream<Bytes>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, whole };
}

/** Wraps `inner` so a successful response for a `.gz` file whose body is gzip comes inflated. */
export function gunzipping(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.ok || response.body === null || !namesGzip(urlOf(input, response))) {
      return response;
    }
    const { head, whole } = await peek(response.body, GZIP_MAGIC.length);
    const isGzip = GZIP_MAGIC.every((byte, index) => head[index] === byte);
    const headers = new Headers(response.headers);
    let body: ReadableStream<Bytes> = whole;
    if (isGzip) {
      body = whole.pipeThrough(new DecompressionStream('gzip'));
      // The length is the gzip's; what the stream now yields is the zip.
      headers.delete('content-length');
    }
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
