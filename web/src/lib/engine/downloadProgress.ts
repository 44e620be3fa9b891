/**
 * Turns the downloads of a `fetch` into LoadProgress reports: which file, bytes so far and total.
 * Pyodide fetches its runtime files itself (and streams the wasm into the compiler), so the engine
 * runtime lends it a fetch from here for the duration of loading. This module only counts bytes
 * as they pass: it must never buffer, alter or retry a response.
 */
import type { LoadProgress } from './contract';

/** Human names for the files the engine downloads; anything else is labelled by its file name. */
const LABELS: Record<string, string> = {
  'pyodide.asm.wasm': 'Python runtime',
  'python_stdlib.zip': 'Python standard library',
  'pyodide-lock.json': 'Package index',
};

export function labelFor(file: string): string {
  // The build ships the two archives gzipped (gzippedArchives.ts): the same files to the user.
  const name = file.endsWith('.gz') ? file.slice(0, -'.gz'.length) : file;
  if (name in LABELS) return LABELS[name] as string;
  if (name.startsWith('pyregex-') && name.endsWith('.whl')) return 'pyregex package';
  return file;
}

/** The last path segment of a URL (or path), which is how the contract names a file. */
export function fileNameOf(url: string): string {
  const pathname = URL.canParse(url) ? new URL(url).pathname : url;
  return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
}

/**
 * Declared length of the body as it will be read, or null. With a content-encoding the header
 * counts compressed bytes while the stream yields decoded ones, so it cannot be a total.
 */
function declaredTotal(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const length = Number(response.headers.get('content-length') ?? NaN);
  return Number.isFinite(length) && length >= 0 ? length : null;
}

type Fetch = typeof fetch;

export interface ProgressFetchOptions {
  /** At most one report per file per this many ms, besides the first and the last. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * Wraps `inner` so every successful response with a body reports its progress: once at the
 * start (loaded 0), then as chunks arrive (throttled), then once when the body is complete, with
 * `total` set to the final count if the server did not declare one.
 */
export function progressFetch(
  inner: Fetch,
  onProgress: (progress: LoadProgress) => void,
  { intervalMs = 50, now = () => performance.now() }: ProgressFetchOptions = {},
): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.ok || response.body === null) return response;

    const url = response.url || (input instanceof Request ? input.url : String(input));
    const file = fileNameOf(url);
    const label = labelFor(file);
    const total = declaredTotal(response);
    let loaded = 0;
    let lastReport = now();
    onProgress({ label, file, loaded, total });

    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          loaded += chunk.byteLength;
          controller.enqueue(chunk);
          const t = now();
          if (t - lastReport >= intervalMs) {
            lastReport = t;
            onProgress({ label, file, loaded, total });
          }
        },
        flush() {
          onProgress({ label, file, loaded, total: total ?? loaded });
        },
      }),
    );
    return new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
