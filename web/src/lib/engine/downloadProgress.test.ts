/**
 * progressFetch against synthetic responses: the bytes pass through unchanged and the reports say
 * which file, how far, and of how much. (The runtime test proves it with real Pyodide downloads.)
 */
import { describe, expect, it } from 'vitest';
import type { LoadProgress } from './contract';
import { fileNameOf, labelFor, progressFetch } from './downloadProgress';

function bodyOf(chunks: number[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size).fill(7));
      controller.close();
    },
  });
}

function fakeFetch(response: () => Response): typeof fetch {
  return async () => response();
}

describe('progressFetch', () => {
  it('reports start, throttled progress and completion with the declared total', async () => {
    const reports: LoadProgress[] = [];
    let clock = 0;
    const inner = fakeFetch(
      () => new Response(bodyOf([10, 20, 30, 40]), { headers: { 'Content-Length': '100' } }),
    );
    const wrapped = progressFetch(inner, (p) => reports.push(p), {
      intervalMs: 50,
      now: () => (clock += 30), // every chunk is 30 ms after the previous report check
    });

    const response = await wrapped('http://127.0.0.1/app/pyodide/pyodide.asm.wasm');
    const bytes = new Uint8Array(await response.arrayBuffer());

    expect(bytes.length).toBe(100);
    expect(bytes.every((b) => b === 7)).toBe(true);
    expect(reports[0]).toEqual({
      label: 'Python runtime',
      file: 'pyodide.asm.wasm',
      loaded: 0,
      total: 100,
    });
    expect(reports.at(-1)).toEqual({
      label: 'Python runtime',
      file: 'pyodide.asm.wasm',
      loaded: 100,
      total: 100,
    });
    // Throttled: not one report per chunk, but more than just start and end.
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.length).toBeLessThan(6);
    const loaded = reports.map((p) => p.loaded);
    expect([...loaded].sort((a, b) => a - b)).toEqual(loaded);
  });

  it('keeps the status, headers and type a wasm compiler needs', async () => {
    const inner = fakeFetch(
      () =>
        new Response(bodyOf([4]), {
          status: 200,
          statusText: 'OK',
          headers: { 'Content-Type': 'application/wasm' },
        }),
    );
    const response = await progressFetch(inner, () => {})('http://x/pyodide.asm.wasm');
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/wasm');
  });

  it('has no total without Content-Length or with a content-encoding, until the end', async () => {
    const cases: Record<string, string>[] = [
      {},
      { 'Content-Length': '3', 'Content-Encoding': 'gzip' },
    ];
    for (const headers of cases) {
      const reports: LoadProgress[] = [];
      const inner = fakeFetch(() => new Response(bodyOf([5, 5]), { headers }));
      const response = await progressFetch(inner, (p) => reports.push(p))('http://x/a/b.zip');
      await response.arrayBuffer();
      expect(reports[0]?.total).toBeNull();
      expect(reports.at(-1)).toMatchObject({ file: 'b.zip', loaded: 10, total: 10 });
    }
  });

  it('passes failed responses through without reporting', async () => {
    const reports: LoadProgress[] = [];
    const inner = fakeFetch(() => new Response('nope', { status: 404 }));
    const response = await progressFetch(inner, (p) => reports.push(p))('http://x/missing.whl');
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('nope');
    expect(reports).toEqual([]);
  });
});

describe('file names and labels', () => {
  it('names a file by the last segment of its URL or path', () => {
    expect(fileNameOf('http://h/a/pyodide/python_stdlib.zip')).toBe('python_stdlib.zip');
    expect(fileNameOf('/abs/path/pyregex-0.1.0-py3-none-any.whl')).toBe(
      'pyregex-0.1.0-py3-none-any.whl',
    );
  });

  it('labels the engine files for people', () => {
    expect(labelFor('python_stdlib.zip')).toBe('Python standard library');
    expect(labelFor('pyodide-lock.json')).toBe('Package index');
    expect(labelFor('pyregex-0.1.0-py3-none-any.whl')).toBe('pyregex package');
    expect(labelFor('python_stdlib.zip.gz')).toBe('Python standard library');
    expect(labelFor('pyregex-0.1.0-py3-none-any.whl.gz')).toBe('pyregex package');
    expect(labelFor('other.bin')).toBe('other.bin');
    expect(labelFor('other.bin.gz')).toBe('other.bin.gz');
  });
});
