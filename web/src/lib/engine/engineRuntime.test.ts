/**
 * The engine runtime on real Pyodide in Node (the npm package, offline) with a freshly built pyregex
 * wheel served over local HTTP, exactly as the worker runs it in the browser minus Comlink: load with
 * progress, evaluate, explain, toPython, test suites (a runaway case stopped, the whole suite
 * stopped, through the shared buffers from another thread), and the loud failures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadPyodide, version as pyodideVersion, type PyodideInterface } from 'pyodide';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  EngineApi,
  EngineInfo,
  EvaluateRequest,
  LoadProgress,
  Suite,
  SuccessResult,
  SuiteResult,
  TraceBudgets,
  TraceSuccess,
} from './contract';
import { createMailbox, readAnswer } from './answerMailbox';
import { SUITE_PROGRESS, SUITE_PROGRESS_SLOTS } from './contract';
import { createEngineRuntime, type LoadPyodideFn } from './engineRuntime';
import { SnapshotCutShort, memorySnapshotStore, type SnapshotStore } from './engineSnapshot';
import { evaluationOf, type Evaluation, type Success } from './evaluation';
import { DEFAULT_MEMORY_LIMIT_BYTES } from './engineClient.svelte';
import { isEngineOutOfMemory } from './outOfMemory';
import { traceOf, type TracedRun } from './tracing';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const indexURL = path.join(root, 'node_modules', 'pyodide') + path.sep;

interface WheelManifest {
  fileName: string;
  version: string;
  bytes: number;
}

let wheelDir: string;
let wheel: WheelManifest;
let server: http.Server;
let baseURL: string;
/** The file name of every request the test server got, in order. */
const served: string[] = [];

beforeAll(async () => {
  // The wheel under test is built from the working tree now, never a stale one from .cache/.
  wheelDir = mkdtempSync(path.join(os.tmpdir(), 'pyregex-wheel-'));
  execFileSync(process.execPath, [
    path.join(root, 'scripts', 'build-wheel.mjs'),
    '--out',
    wheelDir,
  ]);
  wheel = JSON.parse(readFileSync(path.join(wheelDir, 'wheel.json'), 'utf8')) as WheelManifest;

  // Served over HTTP so Pyodide downloads it with fetch, as in the browser (progress included).
  // Each response closes its connection: Node's fetch keeps idle sockets for reuse, and one that
  // the server drops after its 5 s keep-alive, just as a later test sends on it, failed CI once
  // with ECONNRESET.
  server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(name);
    if (name !== wheel.fileName) {
      res.writeHead(404, { Connection: 'close' }).end();
      return;
    }
    const body = readFileSync(path.join(wheelDir, name));
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Length': body.length,
      Connection: 'close',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (wheelDir) rmSync(wheelDir, { recursive: true, force: true });
});

const request = (pattern: string, text: string, more: Partial<EvaluateRequest> = {}) =>
  ({ pattern, text, op: 'finditer', ...more }) satisfies EvaluateRequest;

/** Runs `req` and reads the answer as the page does (packed matches into a table). */
async function run(engine: EngineApi, req: EvaluateRequest): Promise<Evaluation> {
  return evaluationOf(await engine.evaluate(req), req);
}

function success(result: Evaluation): Success {
  expect(result).toMatchObject({ ok: true });
  return result as Success;
}

/** The same request run by native CPython through the CLI (`python -m pyregex`). */
function native(req: EvaluateRequest): SuccessResult {
  const venv = path.join(root, '.venv', 'bin', 'python');
  const out = execFileSync(existsSync(venv) ? venv : 'python3', ['-m', 'pyregex'], {
    input: JSON.stringify(req),
    env: { ...process.env, PYTHONPATH: path.join(root, 'py') },
    encoding: 'utf8',
  });
  const result = JSON.parse(out) as SuccessResult;
  expect(result.ok).toBe(true);
  return result;
}

/**
 * A helper thread that writes 2 into `interrupt` `delayMs` after it is released, like the page does
 * at the deadline while the worker thread is busy inside Python. Resolves with the write's time.
 */
async function interrupterThread(interrupt: Int32Array, delayMs: number) {
  const control = new Int32Array(new SharedArrayBuffer(8));
  const thread = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const { control, interrupt, delayMs } = workerData;
     parentPort.postMessage('ready');
     Atomics.wait(control, 0, 0);             // until released
     Atomics.wait(control, 1, 0, delayMs);    // sleep; nobody notifies index 1
     const at = performance.timeOrigin + performance.now();
     Atomics.store(interrupt, 0, 2);
     parentPort.postMessage(at);`,
    { eval: true, workerData: { control, interrupt, delayMs } },
  );
  await new Promise((resolve) => thread.once('message', resolve));
  const wroteAt = new Promise<number>((resolve) => thread.once('message', resolve));
  return {
    release() {
      Atomics.store(control, 0, 1);
      Atomics.notify(control, 0);
    },
    wroteAt,
    stop: () => thread.terminate(),
  };
}

const now = () => performance.timeOrigin + performance.now();

/**
 * A helper thread that plays the page's part in a suite run: it waits until the engine writes
 * `caseValue` (index + 1) into the progress buffer's case slot, lets that case run `delayMs`, then
 * writes 2 into `interrupt`, after setting the stop slot when `stopSuite` (the page stopping the
 * whole suite) or leaving it alone (the page's per-case watchdog). Resolves with the write's time.
 */
async function suiteStopperThread(
  interrupt: Int32Array,
  progress: Int32Array,
  { caseValue, delayMs, stopSuite }: { caseValue: number; delayMs: number; stopSuite: boolean },
) {
  const control = new Int32Array(new SharedArrayBuffer(8));
  const thread = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const { control, interrupt, progress, caseValue, delayMs, stopSuite, slots } = workerData;
     parentPort.postMessage('ready');
     while (Atomics.load(progress, slots.case) !== caseValue) {
       Atomics.wait(control, 0, 0, 1);        // poll every millisecond; nobody notifies
     }
     Atomics.wait(control, 1, 0, delayMs);    // let the case run
     if (stopSuite) Atomics.store(progress, slots.stop, 1);
     const at = performance.timeOrigin + performance.now();
     Atomics.store(interrupt, 0, 2);
     parentPort.postMessage(at);`,
    {
      eval: true,
      workerData: {
        control,
        interrupt,
        progress,
        caseValue,
        delayMs,
        stopSuite,
        slots: SUITE_PROGRESS,
      },
    },
  );
  await new Promise((resolve) => thread.once('message', resolve));
  const wroteAt = new Promise<number>((resolve) => thread.once('message', resolve));
  return { wroteAt, stop: () => thread.terminate() };
}

/** A suite of `(a+)+$` searches: a text of 30 a's and a b backtracks about 2^30 steps (minutes). */
const RUNAWAY = `${'a'.repeat(30)}b`;
const runawaySuite: Suite = {
  pattern: '(a+)+$',
  op: 'search',
  tests: [
    { text: 'aaa', expect: 'match', groups: { '1': 'aaa' }, name: 'quick' },
    { text: RUNAWAY, expect: 'no match', name: 'runaway' },
    { text: 'b', expect: 'no match' },
    { text: 'xa', expect: 'match' },
  ],
};

function statuses(result: SuiteResult): string[] {
  return result.cases.map((c) => c.status);
}

describe('engine runtime on real Pyodide', () => {
  let engine: EngineApi;
  let info: EngineInfo;
  const progress: LoadProgress[] = [];
  const interrupt = new Int32Array(new SharedArrayBuffer(4));
  const suiteProgress = new Int32Array(new SharedArrayBuffer(4 * SUITE_PROGRESS_SLOTS));
  const mailbox = createMailbox();
  const fetchBefore = globalThis.fetch;

  let pyodide: PyodideInterface | undefined;
  /** JS objects Python holds references to: a JS function passed to Python and kept raises it. */
  const jsRefs = () =>
    (pyodide as unknown as { _module: { _hiwire_num_refs(): number } })._module._hiwire_num_refs();

  beforeAll(async () => {
    engine = createEngineRuntime(async (config) => (pyodide = await loadPyodide(config)));
    info = await engine.init(
      {
        indexURL,
        wheelURL: `${baseURL}${wheel.fileName}`,
        interruptBuffer: interrupt,
        progressBuffer: suiteProgress,
        answerMailbox: mailbox,
      },
      (p) => progress.push(p),
    );
  });

  it('loads and says which engine answers', () => {
    expect(info.python).toMatch(/^3\.\d+\.\d+/);
    expect(info.pyodide).toBe(pyodideVersion);
    expect(info.pyregex).toBe(wheel.version);
    expect(globalThis.fetch).toBe(fetchBefore);
  });

  it('reports the download of the wheel, byte-exact', () => {
    const reports = progress.filter((p) => p.file === wheel.fileName);
    expect(reports[0]).toEqual({
      label: 'pyregex package',
      file: wheel.fileName,
      loaded: 0,
      total: wheel.bytes,
    });
    expect(reports.at(-1)).toEqual({
      label: 'pyregex package',
      file: wheel.fileName,
      loaded: wheel.bytes,
      total: wheel.bytes,
    });
  });

  it("answers with CPython's matches", async () => {
    const result = success(await run(engine, request('(?P<run>b+)', 'abbcb')));
    expect(result.matches.toArray().map((m) => m.span)).toEqual([
      [1, 3],
      [4, 5],
    ]);
    expect(result.matches.at(0)?.groups[1]).toMatchObject({ name: 'run', value: 'bb' });
    expect(result.python).toBe(info.python);
  });

  it.each([
    request('(?P<w>\\w)(\\d)?|(😀)', 'a1 b 😀 c\ud800d'),
    request('(a)|(b)', 'abba', { op: 'sub', replacement: '[\\1😀]' }),
    request('b*', 'abbcb😀b', { op: 'subn', replacement: '<\\g<0>>', count: 3 }),
    request('(,)|(;)', 'a,b;c,d', { op: 'split', maxsplit: 2 }),
    request('x', 'axbxcx', { op: 'findall', maxMatches: 2 }),
    request('(?P<y>\\d{4})-(?P<m>\\d\\d)', '2025-10 and 2026-11', { op: 'search' }),
  ])('packs the same matches as the Python objects: %j', async (req) => {
    const packed = success(await run(engine, req));
    const objects = native(req);
    expect(packed.matches.toArray()).toEqual(objects.matches);
    expect(packed.output).toEqual(objects.output);
    expect(packed.truncated).toBe(objects.truncated);
  });

  it('gives UTF-16 spans for astral text next to code-point spans', async () => {
    const result = success(await run(engine, request('b+', '😀a😀bb')));
    expect(result.matches.span(0)).toEqual([3, 5]);
    expect(result.matches.span16(0)).toEqual([5, 7]);
    const text = '😀a😀bb';
    const [start, end] = result.matches.span16(0) ?? [0, 0];
    expect(text.slice(start, end)).toBe('bb');
  });

  it('round-trips lone surrogates through the JSON bridge', async () => {
    const text = 'x\ud800y';
    const result = success(await run(engine, request('\ud800', text)));
    expect(result.matches.value(0)).toBe('\ud800');
  });

  it('puts an evaluation with a ticket in the answer mailbox, exactly as it answers it', async () => {
    const req = request('(?P<w>\\w)(😀)?', 'a😀 \ud800 b');
    const answer = await engine.evaluate(req, 41);
    const mailed = readAnswer(mailbox, 41);
    if (mailed?.kind !== 'answer') throw new Error(`not in the mailbox: ${JSON.stringify(mailed)}`);
    expect(JSON.parse(mailed.json)).toEqual(answer.evaluation);
    expect(new Uint8Array(mailed.data)).toEqual(new Uint8Array(answer.data));
    expect(mailed.memoryBytes).toBe(answer.memoryBytes);
    expect(mailed.runMs).toBeGreaterThan(0);
    expect(evaluationOf({ ...mailed, evaluation: JSON.parse(mailed.json) }, req)).toEqual(
      evaluationOf(answer, req),
    );
    // An evaluation without a ticket leaves the box alone.
    await engine.evaluate(request('x', 'x'));
    expect(readAnswer(mailbox, 41)?.kind).toBe('answer');
  });

  it("returns CPython's error for a bad pattern as a result", async () => {
    const result = await run(engine, request('(', 'x'));
    expect(result).toMatchObject({ ok: false, error: { where: 'pattern', pos: 0 } });
  });

  it('explains a pattern', async () => {
    const result = await engine.explain('(?P<year>\\d{4})-\\d\\d', '');
    expect(JSON.stringify(result)).toContain('year');
  });

  it('writes the Python code for a request', async () => {
    const code = await engine.toPython(request('a+', 'caab'));
    expect(typeof code).toBe('string');
    expect(code).toContain('import re');
    expect(code).toContain('a+');
  });

  it('stops (a+)+$ on a*40+b when another thread writes 2, then answers again', async () => {
    const DELAY_MS = 300;
    const interrupter = await interrupterThread(interrupt, DELAY_MS);
    try {
      interrupter.release();
      const started = now();
      // Exponential in _sre: ~2^40 steps, i.e. never, unless the interrupt lands.
      const result = await run(engine, request('(a+)+$', `${'a'.repeat(40)}b`, { op: 'search' }));
      const finished = now();
      const wroteAt = await interrupter.wroteAt;

      expect(result).toMatchObject({ ok: false, error: { type: 'Interrupted', where: 'engine' } });
      expect(finished - started).toBeGreaterThanOrEqual(DELAY_MS - 50);
      expect(finished - wroteAt).toBeLessThan(250);
    } finally {
      await interrupter.stop();
    }

    const again = success(await run(engine, request('a+b', `${'a'.repeat(40)}b`)));
    expect(again.matches.span(0)).toEqual([0, 41]);
  });

  it('runs a test suite: a verdict per case, and where the suite got to', async () => {
    const result = await engine.runSuite({
      suite: {
        pattern: '(?P<year>\\d{4})-(\\d\\d)',
        op: 'search',
        tests: [
          { text: 'on 2025-10', expect: 'match', groups: { year: '2025', '2': '10' } },
          { text: 'no date', expect: 'match', name: 'wrong on purpose' },
          { text: '2025', expect: 'no match' },
        ],
      },
      caseMs: 500,
      suiteMs: 2_000,
    });
    expect(result).toMatchObject({ passed: 2, failed: 1, error: null, python: info.python });
    expect(statuses(result)).toEqual(['pass', 'fail', 'pass']);
    expect(result.cases[1]).toMatchObject({ name: 'wrong on purpose', ok: false });
    // The engine named each case as it ran it, then one past the last once every verdict was in.
    expect(Atomics.load(suiteProgress, SUITE_PROGRESS.case)).toBe(4);
    expect(Atomics.load(suiteProgress, SUITE_PROGRESS.stop)).toBe(0);
  });

  it('a runaway case interrupted from another thread after it ran a while is a timeout; the other cases answer', async () => {
    const DELAY_MS = 300;
    const watchdog = await suiteStopperThread(interrupt, suiteProgress, {
      caseValue: 2,
      delayMs: DELAY_MS,
      stopSuite: false,
    });
    try {
      const started = now();
      const result = await engine.runSuite({ suite: runawaySuite, caseMs: 400, suiteMs: 10_000 });
      const finished = now();
      const wroteAt = await watchdog.wroteAt;

      expect(statuses(result)).toEqual(['pass', 'timeout', 'pass', 'pass']);
      expect(result).toMatchObject({ passed: 3, failed: 1, error: null });
      expect(result.cases[1]).toMatchObject({ name: 'runaway', actual: null });
      expect(result.cases[1]?.elapsedMs).toBeGreaterThanOrEqual(DELAY_MS - 50);
      expect(finished - started).toBeGreaterThanOrEqual(DELAY_MS - 50);
      expect(finished - wroteAt).toBeLessThan(250);
    } finally {
      await watchdog.stop();
    }
    expect(Atomics.load(suiteProgress, SUITE_PROGRESS.stop)).toBe(0);
  });

  it('stops the whole suite when the stop slot is set before the interrupt: that case and the rest are skipped', async () => {
    const watchdog = await suiteStopperThread(interrupt, suiteProgress, {
      caseValue: 2,
      delayMs: 100,
      stopSuite: true,
    });
    try {
      const result = await engine.runSuite({ suite: runawaySuite, caseMs: 400, suiteMs: 10_000 });
      const finished = now();
      expect(statuses(result)).toEqual(['pass', 'skipped', 'skipped', 'skipped']);
      expect(result).toMatchObject({ passed: 1, failed: 3, error: null });
      expect(finished - (await watchdog.wroteAt)).toBeLessThan(250);
    } finally {
      await watchdog.stop();
    }
  });

  it('clears the progress slots (a stale stop included) and the interrupt before each suite', async () => {
    Atomics.store(suiteProgress, SUITE_PROGRESS.stop, 1); // e.g. left by a suite stopped too late
    Atomics.store(suiteProgress, SUITE_PROGRESS.case, 99);
    Atomics.store(interrupt, 0, 2);
    const suite: Suite = { pattern: 'a', op: 'search', tests: [{ text: 'a', expect: 'match' }] };
    expect(statuses(await engine.runSuite({ suite }))).toEqual(['pass']);
    expect(Atomics.load(suiteProgress, SUITE_PROGRESS.case)).toBe(2);
  });

  it('leaves no reference to its should_stop callback behind in Python', async () => {
    const suite: Suite = { pattern: 'a', op: 'search', tests: [{ text: 'a', expect: 'match' }] };
    await engine.runSuite({ suite }); // anything a first run loads is loaded now
    const before = jsRefs();
    for (let i = 0; i < 20; i++) await engine.runSuite({ suite });
    expect(jsRefs()).toBe(before);
  });

  it('answers a malformed suite with its error, not a rejection', async () => {
    const result = await engine.runSuite({
      suite: { pattern: '(', op: 'search', tests: [{ text: 'x', expect: 'match' }] },
    });
    expect(result.error).toMatchObject({ where: 'pattern' });
    expect(statuses(result)).toEqual(['skipped']);
  });

  it('writes a pytest file for a suite', async () => {
    const source = await engine.suiteToPytest(runawaySuite);
    expect(typeof source).toBe('string');
    expect(source).toContain('import re');
    expect(source).toContain('(a+)+$');
    expect(source).toMatch(/def test_/);
  });

  it('clears a stale interrupt before each run', async () => {
    Atomics.store(interrupt, 0, 2); // e.g. written just after the previous run had finished
    success(await run(engine, request('a', 'a')));
  });

  describe('trace (the step debugger)', () => {
    /** pyregex.trace's own answer, as JSON objects, bypassing the bridge's packing. */
    function pythonTrace(req: EvaluateRequest, budgets: TraceBudgets): TraceSuccess {
      const globals = pyodide!.toPy({});
      try {
        const json = pyodide!.runPython(
          `import json\nfrom pyregex.trace import trace\n` +
            `json.dumps(trace(json.loads(${JSON.stringify(JSON.stringify(req))}), ` +
            `${budgets.maxSteps}, ${budgets.maxTraceSteps}))`,
          { globals },
        ) as string;
        const result = JSON.parse(json) as TraceSuccess;
        expect(result).toMatchObject({ ok: true, supported: true });
        return result;
      } finally {
        globals.destroy();
      }
    }

    /** Traces `req` and reads the answer as the page does (packed steps into a TraceSteps view). */
    async function traced(req: EvaluateRequest, budgets: TraceBudgets): Promise<TracedRun> {
      const result = traceOf(await engine.trace(req, budgets), req);
      expect(result).toMatchObject({ ok: true, supported: true });
      return result as TracedRun;
    }

    it.each([
      request('(?P<a>\\d+)-(\\d+)', 'tel 12-345 and 6-7 😀 8-9'),
      request('(a+)+$', 'aaaab', { op: 'search' }),
      request('b*', 'abbcb😀b', { op: 'subn', replacement: '<\\g<0>>', count: 3 }),
      request('(,)|(;)', 'a,b;c,d', { op: 'split', maxsplit: 2 }),
    ])(
      'finds the matches evaluate finds, and unpacks the steps native CPython reports: %j',
      async (req) => {
        const budgets = { maxSteps: 100_000, maxTraceSteps: 100_000 };
        const trace = await traced(req, budgets);
        const evaluated = success(await run(engine, req));
        expect(trace.truncated).toBe(false);
        expect(trace.matches?.toArray()).toEqual(evaluated.matches.toArray());
        expect(trace.matchSteps).toHaveLength(evaluated.matches.length);
        expect(trace.trace.count).toBe(trace.steps);
        expect(trace.traceComplete).toBe(true);

        // The same trace as JSON objects, from pyregex.trace in the same interpreter: the packed
        // steps read back the same (native CPython may be another version, with other steps).
        const cli = pythonTrace(req, budgets);
        expect(trace.steps).toBe(cli.steps);
        expect(trace.backtracks).toBe(cli.backtracks);
        expect(trace.matchSteps).toEqual(cli.matchSteps);
        expect(Array.from({ length: trace.trace.count }, (_, i) => trace.trace.at(i))).toEqual(
          cli.trace,
        );
      },
    );

    it('counts the steps alone (maxTraceSteps 0) and stops at the step budget', async () => {
      const req = request('(a+)+$', 'aaaaaaaaab', { op: 'search' });
      const full = await traced(req, { maxSteps: 1_000_000, maxTraceSteps: 100 });
      const counted = await traced(req, { maxSteps: 1_000_000, maxTraceSteps: 0 });
      expect(counted.trace.count).toBe(0);
      expect(counted.traceComplete).toBe(false);
      expect(counted.steps).toBe(full.steps);
      expect(full.trace.count).toBe(100);
      expect(full.steps).toBeGreaterThan(1000); // nine a's before a b: hundreds of backtracks

      const cut = await traced(req, { maxSteps: 50, maxTraceSteps: 0 });
      expect(cut).toMatchObject({ truncated: true, matches: null, matchSteps: null, maxSteps: 50 });
      expect(cut.stoppedAt?.pos16).toBeGreaterThanOrEqual(0);
    });

    it('answers a bad pattern with the error evaluate gives', async () => {
      const req = request('(', 'x');
      const answer = await engine.trace(req, { maxSteps: 10, maxTraceSteps: 10 });
      expect(answer.result).toEqual((await engine.evaluate(req)).evaluation.result);
    });

    it('stops a runaway trace when another thread writes 2, then answers again', async () => {
      const interrupter = await interrupterThread(interrupt, 300);
      try {
        interrupter.release();
        const req = request('(a+)+$', `${'a'.repeat(40)}b`, { op: 'search' });
        const answer = await engine.trace(req, { maxSteps: 2_000_000_000, maxTraceSteps: 0 });
        expect(answer.result).toMatchObject({ ok: false, error: { type: 'Interrupted' } });
      } finally {
        await interrupter.stop();
      }
      const again = await traced(request('a+', 'caab'), { maxSteps: 100, maxTraceSteps: 100 });
      expect(again.matches?.span(0)).toEqual([1, 3]);
    });
  });

  it('refuses a second init', async () => {
    await expect(
      engine.init(
        {
          indexURL,
          wheelURL: `${baseURL}${wheel.fileName}`,
          interruptBuffer: null,
          progressBuffer: null,
        },
        () => {},
      ),
    ).rejects.toThrow(/once/);
  });
});

/**
 * A working engine whose Pyodide then fails fatally with `error` (Pyodide's own fatal-error path),
 * and what its next evaluate rejects with.
 */
async function evaluateAfterFatal(error: Error): Promise<unknown> {
  let pyodide: PyodideInterface | undefined;
  const load: LoadPyodideFn = async (config) => (pyodide = await loadPyodide(config));
  const engine = createEngineRuntime(load);
  await engine.init(
    {
      indexURL,
      wheelURL: `${baseURL}${wheel.fileName}`,
      interruptBuffer: null,
      progressBuffer: null,
    },
    () => {},
  );
  success(await run(engine, request('a', 'a')));
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const api = (pyodide as unknown as { _api: { fatal_error(e: unknown): never } })._api;
    expect(() => api.fatal_error(error)).toThrow();
  } finally {
    quiet.mockRestore();
  }
  return engine.evaluate(request('a', 'a')).catch((failure: unknown) => failure);
}

describe('engine runtime failures', () => {
  it('rejects init loudly when the wheel cannot be installed', async () => {
    const engine = createEngineRuntime(loadPyodide);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(
        engine.init(
          {
            indexURL,
            wheelURL: `${baseURL}pyregex-9.9.9-py3-none-any.whl`,
            interruptBuffer: null,
            progressBuffer: null,
          },
          () => {},
        ),
      ).rejects.toThrow(/Could not install pyregex/);
    } finally {
      quiet.mockRestore();
    }
    await expect(engine.evaluate(request('a', 'a'))).rejects.toThrow(/not initialised/);
  });

  it('rejects with EngineCrashed once Pyodide has failed fatally', async () => {
    // What Pyodide does on e.g. a wasm trap: its own fatal-error path.
    const crashed = await evaluateAfterFatal(new Error('simulated wasm trap'));
    expect(crashed).toBeInstanceOf(Error);
    expect((crashed as Error).name).toBe('EngineCrashed');
    expect((crashed as Error).message).toContain('simulated wasm trap');
  });
});

describe('engine runtime out of memory', () => {
  it('a replacement that builds gigabytes: the answer is cut, and says the memory it took', async () => {
    const engine = createEngineRuntime(loadPyodide);
    await engine.init(
      {
        indexURL,
        wheelURL: `${baseURL}${wheel.fileName}`,
        interruptBuffer: null,
        progressBuffer: null,
      },
      () => {},
    );
    const small = await engine.evaluate(request('a', 'a'));
    expect(small.memoryBytes).toBeGreaterThan(0);
    expect(small.memoryBytes).toBeLessThan(DEFAULT_MEMORY_LIMIT_BYTES);

    // 100 000 matches x 12 000 characters: a new string of 1.2 GB inside Python.
    const req = request('a', 'a'.repeat(100_000), { op: 'subn', replacement: 'x'.repeat(12_000) });
    const answer = await engine.evaluate(req);
    const result = success(evaluationOf(answer, req));
    expect(result.output.truncated).toBe(true);
    const [cut, count] = result.output.value as [string, number];
    expect(count).toBe(100_000);
    expect(cut).toHaveLength(16_000_000);
    expect(cut.startsWith('x'.repeat(12_000))).toBe(true);
    expect(answer.memoryBytes).toBeGreaterThan(DEFAULT_MEMORY_LIMIT_BYTES);
  });

  it('rejects with EngineOutOfMemory once Pyodide aborted for want of memory', async () => {
    // Emscripten's words when memory cannot grow any further.
    const failed = await evaluateAfterFatal(
      new Error('Aborted(Cannot enlarge memory arrays to size 4294967296 bytes)'),
    );
    expect(isEngineOutOfMemory(failed)).toBe(true);
    expect((failed as Error).message).toContain('Cannot enlarge memory');
  });
});

describe('engine runtime with its files cached', () => {
  it('reads a cached file from the cache: nothing downloaded, no progress for it', async () => {
    const wheelURL = `${baseURL}${wheel.fileName}`;
    const looked: { folder: string; url: string }[] = [];
    const engine = createEngineRuntime(loadPyodide, {
      cachedFiles: (folder) => async (url) => {
        looked.push({ folder, url });
        if (url !== wheelURL) return undefined;
        return new Response(readFileSync(path.join(wheelDir, wheel.fileName)));
      },
    });
    const progress: LoadProgress[] = [];
    const before = served.length;
    const info = await engine.init(
      { indexURL, wheelURL, interruptBuffer: null, progressBuffer: null },
      (p) => progress.push(p),
    );
    expect(info.pyregex).toBe(wheel.version);
    expect(looked).toContainEqual({ folder: indexURL, url: wheelURL });
    expect(served.slice(before)).toEqual([]);
    expect(progress.filter((p) => p.file === wheel.fileName)).toEqual([]);
    const req = request('(?P<w>\\w)(\\d)?', 'a1 b');
    expect(success(await run(engine, req)).matches.toArray()).toEqual(native(req).matches);
  });
});

describe('engine runtime with a memory snapshot', () => {
  const options = (interruptBuffer: Int32Array | null = null) => ({
    indexURL,
    wheelURL: `${baseURL}${wheel.fileName}`,
    interruptBuffer,
    progressBuffer: null,
  });

  it('saves a snapshot once a fresh boot answered its first call, and the next engine restores it', async () => {
    const store = memorySnapshotStore();
    const first = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 300 });
    const firstInfo = await first.init(options(), () => {});
    expect(firstInfo.boot).toEqual({ from: 'fresh', problem: null, snapshots: true });
    // The first call is answered first; the deferred imports and the snapshot come
    // finishBootAfterMs after it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.saved).toBeNull();
    success(await run(first, request('a', 'a')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.saved).toBeNull();
    await vi.waitFor(() => expect(store.saved).not.toBeNull(), { timeout: 5000 });
    // The interpreter's whole memory: tens of MB.
    expect(store.saved?.byteLength).toBeGreaterThan(10_000_000);

    const progress: LoadProgress[] = [];
    const interrupt = new Int32Array(new SharedArrayBuffer(4));
    const second = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 0 });
    const info = await second.init(options(interrupt), (p) => progress.push(p));
    expect(info).toEqual({
      ...firstInfo,
      boot: { from: 'snapshot', problem: null, snapshots: true },
      memoryBytes: expect.any(Number),
    });
    // The wheel is downloaded again (the snapshot holds modules, not files).
    expect(progress.filter((p) => p.file === wheel.fileName).at(-1)?.loaded).toBe(wheel.bytes);

    // The restored engine answers exactly like CPython, explains and writes code.
    const req = request('(?P<w>\\w)(\\d)?|(😀)', 'a1 b 😀 c');
    expect(success(await run(second, req)).matches.toArray()).toEqual(native(req).matches);
    expect(JSON.stringify(await second.explain('(?P<year>\\d{4})', ''))).toContain('year');
    expect(await second.toPython(request('a+', 'caab'))).toContain('import re');
    // What the fresh boot imported after its first answer (the step debugger's interpreter, the
    // ReDoS check) is in the snapshot too, and works.
    const traced = traceOf(await second.trace(req, { maxSteps: 10_000, maxTraceSteps: 100 }), req);
    expect(traced).toMatchObject({ ok: true, supported: true });
    expect(await second.redos({ pattern: '(a+)+$' })).toMatchObject({ verdict: 'exponential' });
    // Suites run there too, without a progress buffer (Python gets no should_stop then).
    const verdicts = await second.runSuite({
      suite: { ...runawaySuite, tests: [{ text: 'aa', expect: 'match' }] },
    });
    expect(verdicts).toMatchObject({ passed: 1, failed: 0, error: null });
    expect(await second.suiteToPytest(runawaySuite)).toContain('(a+)+$');

    // Its interrupt buffer works: a runaway pattern is stopped.
    const interrupter = await interrupterThread(interrupt, 200);
    try {
      interrupter.release();
      const stopped = await run(second, request('(a+)+$', `${'a'.repeat(40)}b`, { op: 'search' }));
      expect(stopped).toMatchObject({ ok: false, error: { type: 'Interrupted' } });
    } finally {
      await interrupter.stop();
    }
    success(await run(second, request('a', 'a')));
  });

  it('boots afresh from a snapshot that does not restore, says why, and replaces it', async () => {
    const store = memorySnapshotStore();
    store.saved = new Uint8Array(4096).fill(7); // e.g. a truncated or foreign file
    const engine = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 0 });
    const info = await engine.init(options(), () => {});
    expect(info.boot.from).toBe('fresh');
    expect(info.boot.problem).toMatch(/snapshot/i);
    success(await run(engine, request('a', 'a')));
    await vi.waitFor(() => expect(store.saved?.byteLength).toBeGreaterThan(10_000_000));
  });

  it('boots afresh, saying nothing of it, when the saved snapshot turns out cut short', async () => {
    let saved: Uint8Array | null = null;
    const store: SnapshotStore = {
      // Found, but its bytes come up short only once Pyodide is already loading.
      find: async () => ({ bytes: Promise.reject(new SnapshotCutShort(31_000_000, 4096)) }),
      save: async (snapshot) => {
        saved = snapshot;
      },
      drop: async () => {},
    };
    const engine = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 0 });
    const info = await engine.init(options(), () => {});
    expect(info.boot).toEqual({ from: 'fresh', problem: null, snapshots: true });
    success(await run(engine, request('a', 'a')));
    await vi.waitFor(() => expect(saved?.byteLength).toBeGreaterThan(10_000_000));
  });

  it('boots afresh when a restored engine fails its first real call, and replaces the snapshot', async () => {
    const store = memorySnapshotStore();
    const fresh = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 0 });
    await fresh.init(options(), () => {});
    success(await run(fresh, request('a', 'a')));
    await vi.waitFor(() => expect(store.saved).not.toBeNull());
    const first = store.saved;

    // What a snapshot with a hole in its heap does: it restores, then fails on the first call.
    const load: LoadPyodideFn = async (config) => {
      const py = await loadPyodide(config);
      if (config?._loadSnapshot !== undefined) {
        py.runPython = () => {
          throw new Error('RuntimeError: Out of bounds memory access (simulated)');
        };
      }
      return py;
    };
    const engine = createEngineRuntime(load, { snapshots: store, finishBootAfterMs: 0 });
    const info = await engine.init(options(), () => {});
    expect(info.boot).toEqual({
      from: 'fresh',
      problem: 'RuntimeError: Out of bounds memory access (simulated)',
      snapshots: true,
    });
    expect(success(await run(engine, request('b+', 'abb'))).matches.span(0)).toEqual([1, 3]);
    await vi.waitFor(() => {
      expect(store.saved).not.toBe(first);
      expect(store.saved?.byteLength).toBeGreaterThan(10_000_000);
    });
  });

  it('boots afresh and works when storage refuses everything', async () => {
    const refuse = () => Promise.reject(new DOMException('quota exceeded', 'QuotaExceededError'));
    const store: SnapshotStore = { find: refuse, save: refuse, drop: refuse };
    const engine = createEngineRuntime(loadPyodide, { snapshots: store, finishBootAfterMs: 0 });
    const info = await engine.init(options(), () => {});
    expect(info.boot).toEqual({ from: 'fresh', problem: null, snapshots: true });
    expect(success(await run(engine, request('b+', 'abb'))).matches.span(0)).toEqual([1, 3]);
  });
});
