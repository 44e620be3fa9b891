/**
 * warmCodeCache against a fake worker: it sends the scripts, answers with those the worker could
 * not import, and ends the worker however the warm-up ends (answer, error, time limit, no worker);
 * it never rejects. warmCodeCacheSoon starts it only once its delay is over.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { warmCodeCache, warmCodeCacheSoon, type WarmedScripts } from './codeCache';

afterEach(() => vi.useRealTimers());

const SCRIPTS = ['http://127.0.0.1/pyodide/3.14/pyodide.asm.mjs'];

/** A stand-in for the warmer worker: records what it is sent and whether it was ended. */
class FakeWorker {
  onmessage: ((event: MessageEvent<WarmedScripts>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  sent: unknown[] = [];
  terminated = 0;
  postMessage(data: unknown): void {
    this.sent.push(data);
  }
  terminate(): void {
    this.terminated++;
  }
  answer(failed: string[]): void {
    this.onmessage?.(new MessageEvent('message', { data: { failed } }));
  }
  fail(): void {
    this.onerror?.(new Event('error'));
  }
}

function start(limitMs = 1000) {
  const worker = new FakeWorker();
  const createWorker = vi.fn(() => worker as unknown as Worker);
  const done = warmCodeCache(SCRIPTS, createWorker, limitMs);
  return { worker, createWorker, done };
}

describe('warmCodeCache', () => {
  it('sends the scripts to a worker and ends it once it answers', async () => {
    const { worker, done } = start();
    expect(worker.sent).toEqual([SCRIPTS]);
    expect(worker.terminated).toBe(0);
    worker.answer([]);
    await expect(done).resolves.toEqual([]);
    expect(worker.terminated).toBe(1);
  });

  it('answers with the scripts the worker could not import', async () => {
    const { worker, done } = start();
    worker.answer([SCRIPTS[0]!]);
    await expect(done).resolves.toEqual(SCRIPTS);
    expect(worker.terminated).toBe(1);
  });

  it('counts every script as failed when the worker itself fails', async () => {
    const { worker, done } = start();
    worker.fail();
    await expect(done).resolves.toEqual(SCRIPTS);
    expect(worker.terminated).toBe(1);
  });

  it('ends a worker that does not answer within the time limit', async () => {
    vi.useFakeTimers();
    const { worker, done } = start(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(worker.terminated).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toEqual(SCRIPTS);
    expect(worker.terminated).toBe(1);
    worker.answer([]); // too late: changes nothing
    expect(worker.terminated).toBe(1);
  });

  it('resolves when no worker can be made, and starts none for no scripts', async () => {
    const failing = vi.fn((): Worker => {
      throw new Error('workers are not allowed here');
    });
    await expect(warmCodeCache(SCRIPTS, failing)).resolves.toEqual(SCRIPTS);
    const unused = vi.fn((): Worker => new FakeWorker() as unknown as Worker);
    await expect(warmCodeCache([], unused)).resolves.toEqual([]);
    expect(unused).not.toHaveBeenCalled();
  });
});

describe('warmCodeCacheSoon', () => {
  it('starts the warm-up only once the delay is over, and resolves as it does', async () => {
    vi.useFakeTimers();
    const warm = vi.fn(async (scripts: readonly string[]) => [...scripts]);
    const done = warmCodeCacheSoon(SCRIPTS, 5_000, warm);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(warm).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(warm).toHaveBeenCalledWith(SCRIPTS);
    await expect(done).resolves.toEqual(SCRIPTS);
  });
});
