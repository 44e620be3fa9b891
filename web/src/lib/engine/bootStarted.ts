/**
 * Resolves once a worker has begun to boot (its `pyregex:booting` message, posted as it takes the
 * init call), or after `maxWaitMs`, whichever comes first; it never rejects. The page waits for
 * it before the rest of the page runs and mounts (web/src/engineStart.ts). In Chromium both the
 * start of a new worker and the delivery of messages posted to it before it started wait for the
 * page's main thread to be free; mounting the page keeps it busy for a few hundred milliseconds.
 */
import type { EngineBootingMessage } from './contract';

export function isBootingMessage(data: unknown): data is EngineBootingMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'pyregex:booting'
  );
}

export function bootStarted(worker: EventTarget, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      resolve();
    };
    const onMessage = (event: Event): void => {
      if (isBootingMessage((event as MessageEvent).data)) done();
    };
    const timer = setTimeout(done, maxWaitMs);
    worker.addEventListener('message', onMessage);
  });
}
