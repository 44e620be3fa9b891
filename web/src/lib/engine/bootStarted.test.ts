/** bootStarted: resolves on the worker's booting message, or after the longest wait; never hangs. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bootStarted, isBootingMessage } from './bootStarted';

afterEach(() => vi.useRealTimers());

/** Notes whether the promise has settled yet. */
function track(promise: Promise<void>): { settled: boolean } {
  const state = { settled: false };
  void promise.then(() => (state.settled = true));
  return state;
}

describe('bootStarted', () => {
  it('resolves when the worker says it is booting, not on its other messages', async () => {
    vi.useFakeTimers();
    const worker = new EventTarget();
    const waiting = track(bootStarted(worker, 200));
    worker.dispatchEvent(
      new MessageEvent('message', { data: { type: 'pyregex:crash', message: 'x' } }),
    );
    worker.dispatchEvent(new MessageEvent('message', { data: { id: 'comlink-answer' } }));
    await vi.advanceTimersByTimeAsync(50);
    expect(waiting.settled).toBe(false);
    worker.dispatchEvent(new MessageEvent('message', { data: { type: 'pyregex:booting' } }));
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.settled).toBe(true);
  });

  it('gives up waiting after maxWaitMs, and stops listening either way', async () => {
    vi.useFakeTimers();
    const worker = new EventTarget();
    const removed = vi.spyOn(worker, 'removeEventListener');
    const waiting = track(bootStarted(worker, 200));
    await vi.advanceTimersByTimeAsync(199);
    expect(waiting.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.settled).toBe(true);
    expect(removed).toHaveBeenCalledWith('message', expect.any(Function));
  });

  it('knows the booting message by its type only', () => {
    expect(isBootingMessage({ type: 'pyregex:booting' })).toBe(true);
    expect(isBootingMessage({ type: 'pyregex:crash', message: '' })).toBe(false);
    expect(isBootingMessage('pyregex:booting')).toBe(false);
    expect(isBootingMessage(null)).toBe(false);
  });
});
