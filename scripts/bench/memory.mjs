// Memory: does the engine worker's memory grow with use? The page's own worker runs the P3
// request (the date pattern on the 10 kB log) with a pattern that differs every time (`|w<n>`
// appended, as a long editing session would send), 10 000 times in all, sent as the page sends
// requests (pageProbe.mjs evaluateDirect) so a few page round trips do all of them. After 10,
// 100, 1 000 and 10 000 evaluations it reads the size of Pyodide's WebAssembly.Memory (a wasm
// heap only grows, so this is its high-water mark) and the worker's JS heap after a full GC.
import { freshBrowser, openReadyPage, watchWorkerMemory, workerWasmBytes } from './browser.mjs';
import { TYPING_PATTERN, typingText } from './typing.mjs';

const CHECKPOINTS = [10, 100, 1_000, 10_000];

export async function measureMemory(url, evaluations, log) {
  const { browser, context } = await freshBrowser();
  try {
    let memory;
    const page = await openReadyPage(context, url, {
      beforeLoad: async (fresh) => (memory = await watchWorkerMemory(fresh)),
    });
    const template = {
      pattern: `${TYPING_PATTERN}|w{i}`,
      text: typingText(),
      op: 'finditer',
      flags: '',
    };
    const points = [];
    let done = 0;
    const started = Date.now();
    for (const checkpoint of [...CHECKPOINTS.filter((c) => c < evaluations), evaluations]) {
      const ok = await page.evaluate(
        ({ template, from, count }) => window.__bench.evaluateDirect(template, from, count),
        { template, from: done, count: checkpoint - done },
      );
      if (ok !== checkpoint - done)
        throw new Error(`memory: ${checkpoint - done - ok} evaluations failed`);
      done = checkpoint;
      const wasm = await workerWasmBytes(page);
      if (!wasm?.length) throw new Error('memory: the WebAssembly.Memory hook saw no memory');
      const heap = await memory.heapUsage();
      points.push({
        evaluations: done,
        wasmBytes: Math.max(...wasm),
        jsHeapUsed: heap?.usedSize ?? null,
      });
      log(
        `memory: ${done} evaluations, wasm ${Math.max(...wasm)} B, ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }
    return points;
  } finally {
    await browser.close();
  }
}
