// The benchmark's eyes inside the page: an init script (runs before the page's own scripts) that
// only watches and records, as `window.__bench`, with performance.now() times (ms since
// navigation start, the clock of event.timeStamp and of User Timing marks):
//   - milestones: when the status first says Ready/Running, when the match list first has an item;
//   - every keydown's timeStamp, every change of the status line, long tasks (PerformanceObserver);
//   - every `pyregex:result-applied` and `pyregex:suite-applied` mark (the engine client sets them
//     when it publishes a result or a suite's verdicts) and the first animation frame after it,
//     requested from inside the mark call so it is the next frame; a mark made inside an animation
//     frame callback (the page applies an answer read early there) is painted in that very frame,
//     so its frame time is the mark's own;
//   - every request to the engine worker and its answer (the page talks to the worker with Comlink
//     messages: {id, type: 'APPLY', path: [method]} out, {id, ...} back), for round trips, the
//     engine's own `elapsedMs` and its versions; `evaluateDirect` sends the same messages itself, to
//     run thousands of evaluations in the page's worker without thousands of page round trips.
// It must never change what the page does: it wraps nothing but `performance.mark`,
// `requestAnimationFrame` (to know when a callback runs) and `Worker.prototype.postMessage`, each
// calling through, and adds listeners.
// Runs in the browser: nothing here may import anything.

/** The init script; serialised by Playwright, so it must be self-contained. */
export function instrumentPage() {
  const now = () => performance.now();
  const bench = {
    milestones: {},
    keydowns: [],
    statuses: [],
    longTasks: [],
    applied: [],
    suiteApplied: [],
    calls: [],
    workers: [],
    texts: [],
  };
  Object.defineProperty(window, '__bench', { value: bench });

  addEventListener(
    'keydown',
    (event) => bench.keydowns.push({ key: event.key, at: event.timeStamp }),
    {
      capture: true,
    },
  );

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // Not every engine has long tasks; the bench only runs in Chromium, which does.
  }

  // Whether an animation frame callback is running: what it changes is painted in this frame.
  let inFrame = false;
  const requestFrame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) =>
    requestFrame((time) => {
      const outer = inFrame;
      inFrame = true;
      try {
        callback(time);
      } finally {
        inFrame = outer;
      }
    });

  const mark = performance.mark.bind(performance);
  performance.mark = (name, options) => {
    const entry = mark(name, options);
    const records =
      name === 'pyregex:result-applied'
        ? bench.applied
        : name === 'pyregex:suite-applied'
          ? bench.suiteApplied
          : undefined;
    if (records !== undefined) {
      const record = { detail: options?.detail ?? null, at: entry.startTime, frame: null };
      records.push(record);
      if (inFrame) record.frame = entry.startTime;
      else requestFrame(() => (record.frame = now()));
    }
    return entry;
  };

  // Texts to wait for (`whenText`), checked only against the nodes that changed: reading the
  // whole page's text on every mutation would itself slow the page down.
  const watched = [];
  let lastStatus = null;
  const onMutations = (records) => {
    const at = now();
    const status = document.querySelector('[role="status"]');
    const statusText = status?.textContent?.trim() ?? null;
    if (statusText !== lastStatus) {
      lastStatus = statusText;
      bench.statuses.push({ text: statusText, at });
    }
    const m = bench.milestones;
    if (m.ready === undefined && /Ready|Running/.test(statusText ?? '')) m.ready = at;
    if (m.firstResult === undefined) {
      const list = document.querySelector('[aria-label="Matches"]');
      if (list?.querySelector('li,[role="listitem"]')) m.firstResult = at;
    }
    if (watched.length === 0) return;
    for (const record of records) {
      const node = record.target;
      const raw = node.nodeType === Node.TEXT_NODE ? node.data : node.textContent;
      if (typeof raw !== 'string' || raw.length > 500) continue;
      const text = raw.trim();
      for (const watch of [...watched]) {
        if (!watch.pattern.test(text)) continue;
        watched.splice(watched.indexOf(watch), 1);
        const seen = { text, at, frame: null };
        bench.texts.push(seen);
        requestAnimationFrame(() => {
          seen.frame = now();
          watch.resolve(seen);
        });
      }
    }
  };
  const observer = new MutationObserver(onMutations);
  const observe = () =>
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  observe();

  /** Resolves with {text, at, frame} once a changed node's text matches `source` (a RegExp source). */
  bench.whenText = (source) =>
    new Promise((resolve) => watched.push({ pattern: new RegExp(source), resolve }));

  /** The first `elapsedMs` in an engine answer, whatever its shape (plain or packed result). */
  const elapsedOf = (value, depth = 0) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 3) {
      return null;
    }
    if (typeof value.elapsedMs === 'number') return value.elapsedMs;
    for (const key of Object.keys(value)) {
      if (ArrayBuffer.isView(value[key]) || value[key] instanceof ArrayBuffer) continue;
      const found = elapsedOf(value[key], depth + 1);
      if (found !== null) return found;
    }
    return null;
  };

  const pending = new Map();
  const originalPost = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    // Engine workers only: the page talks to them in typed messages (Comlink's, the engine's
    // own); the worker that has Pyodide's script compiled after a first visit (codeCache.ts) is
    // sent a plain list of URLs.
    const typed = message !== null && typeof message === 'object' && 'type' in message;
    if (typed && !bench.workers.includes(this)) {
      bench.workers.push(this);
      this.addEventListener('message', (event) => {
        const data = event.data;
        const call = data && typeof data === 'object' ? pending.get(data.id) : undefined;
        if (call === undefined) return;
        pending.delete(data.id);
        // The event's own time: when the answer's task started on the main thread. (The page's
        // Comlink listener, added before this one, applies the result before this line runs.)
        call.answeredAt = event.timeStamp;
        call.elapsedMs = elapsedOf(data.value);
        if (call.method === 'init' && data.value && typeof data.value === 'object') {
          bench.engineInfo = { ...data.value };
        }
        call.resolve?.(data);
      });
    }
    if (message && typeof message === 'object' && message.type === 'APPLY') {
      const call = {
        id: message.id,
        method: message.path?.join('.'),
        direct: false,
        sentAt: now(),
        answeredAt: null,
        elapsedMs: null,
        request: null,
      };
      const [first] = message.argumentList ?? [];
      if (call.method === 'evaluate' && first?.value && typeof first.value === 'object') {
        const { pattern, flags, op } = first.value;
        call.request = { pattern, flags, op };
      } else if (call.method === 'explain' && typeof first?.value === 'string') {
        call.request = { pattern: first.value };
      }
      pending.set(call.id, call);
      bench.calls.push(call);
    }
    return originalPost.call(this, message, ...rest);
  };

  /**
   * Runs `count` evaluations in the page's current engine worker, one after another, exactly as
   * the page sends them (Comlink APPLY messages): `template` with `{i}` in its pattern replaced by
   * the evaluation's number. Resolves with the number of answers that were results.
   */
  bench.evaluateDirect = async (template, from, count) => {
    const makeRequest = (i) => ({
      ...template,
      pattern: template.pattern.replaceAll('{i}', `${i}`),
    });
    const worker = bench.workers.at(-1);
    let ok = 0;
    for (let i = from; i < from + count; i++) {
      const id = `bench-${i}-${Math.random().toString(16).slice(2)}`;
      const answered = new Promise((resolve) => {
        pending.set(id, { id, method: 'evaluate', direct: true, resolve });
      });
      originalPost.call(worker, {
        id,
        type: 'APPLY',
        path: ['evaluate'],
        argumentList: [{ type: 'RAW', value: makeRequest(i) }],
      });
      const data = await answered;
      if (data.type === 'RAW') ok += 1;
    }
    return ok;
  };
}
