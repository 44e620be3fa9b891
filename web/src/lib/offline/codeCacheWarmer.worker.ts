/**
 * The worker codeCache.ts starts once the service worker is active: it imports each script it is
 * sent (Pyodide's loader), through the service worker's cache, and says which failed. Importing
 * them is all it is for; Pyodide's loader only defines its factory when imported.
 */
import type { WarmedScripts } from './codeCache';

self.onmessage = async (event: MessageEvent<readonly string[]>) => {
  const failed: string[] = [];
  for (const url of event.data) {
    try {
      await import(/* @vite-ignore */ url);
    } catch {
      failed.push(url);
    }
  }
  self.postMessage({ failed } satisfies WarmedScripts);
};
