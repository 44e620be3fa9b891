/**
 * The page → service worker message that keeps a non-default runtime for offline use: its shape is
 * checked on the service worker's side, and the page posts it to the active worker once there is
 * one, never throwing where there is none.
 */
import { describe, expect, it } from 'vitest';
import { cacheRuntime, isCacheRuntimeMessage } from './runtimeCache';

describe('isCacheRuntimeMessage', () => {
  it('takes only the cache-runtime message with a list of URLs', () => {
    expect(isCacheRuntimeMessage({ type: 'pyregex:cache-runtime', urls: ['https://a/x'] })).toBe(
      true,
    );
    expect(isCacheRuntimeMessage({ type: 'pyregex:cache-runtime', urls: [] })).toBe(true);
    expect(isCacheRuntimeMessage({ type: 'pyregex:cache-runtime', urls: [1] })).toBe(false);
    expect(isCacheRuntimeMessage({ type: 'pyregex:cache-runtime' })).toBe(false);
    expect(isCacheRuntimeMessage({ type: 'pyregex:crash', urls: [] })).toBe(false);
    expect(isCacheRuntimeMessage(null)).toBe(false);
    expect(isCacheRuntimeMessage('pyregex:cache-runtime')).toBe(false);
  });
});

describe('cacheRuntime', () => {
  it('posts the URLs to the active service worker once it is ready', async () => {
    const posted: unknown[] = [];
    const registration = { active: { postMessage: (data: unknown) => posted.push(data) } };
    const win = { navigator: { serviceWorker: { ready: Promise.resolve(registration) } } };
    cacheRuntime(['https://a/pyodide/3.12/pyodide.asm.wasm'], win as unknown as Window);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the ready promise settles
    expect(posted).toEqual([
      { type: 'pyregex:cache-runtime', urls: ['https://a/pyodide/3.12/pyodide.asm.wasm'] },
    ]);
  });

  it('does nothing without service workers', () => {
    expect(() => cacheRuntime(['x'], { navigator: {} } as unknown as Window)).not.toThrow();
  });
});
