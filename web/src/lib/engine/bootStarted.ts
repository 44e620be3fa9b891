/**
 * Resolves once a worker has begun to boot (its `pyregex:booting` message, posted as it takes the
 * init call), or after `maxWaitMs`, whichever comes first; it never rejects. The page waits for
 * it before the rest of the page runs and mounts (web/src/engineStart.ts). In Chromium both the
 * start of a new worker and the delivery of messages posted to it before it started wait for the
 * page's main thread to be free; mounting the page keeps it busy for a few hundred milliseconds.
 */
import type { EngineBootingMessage } from './contract';

/** What bootStarted needs of a worker: its messages. `Worker` is one. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export function isBootingMessage(data: unknown): data is EngineBootingMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'pyregex:booting'
  );
}

export function bootStarted(worker: MessageSource, maxWaitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      resolve();
    };
    const onMessage = (event: MessageEvent): void => {
      if (isBootingMessage(event.data)) done();
    };
    const timer = setTimeout(done, maxWaitMs);
    worker.addEventListener('message', onMessage);
  });
}
