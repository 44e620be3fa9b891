/**
 * The engine runtime on one shipped CPython runtime (runtimes.json), in Node, on exactly what the
 * page ships for it: that release's own `loadPyodide`, its trimmed standard library and its
 * compiled wheel from `.cache/stdlib/<key>/` (scripts/build-stdlib.mjs), both served gzipped
 * over local HTTP as in the browser (so the engine inflates them, gzippedArchives.ts). It boots once and checks the runtime answers with its own CPython
 * (version, a `re` difference between releases, explain, code, suites, a trace, an interrupt),
 * then the memory snapshot: saved and restored where the release supports it, said so where it
 * does not.
 *
 * One file per runtime calls `describeRuntime` (engineRuntime.<key>.test.ts): one Node process can
 * boot one Pyodide release only (an older release's asm leaves globals that break the next one's
 * linking, see scripts/runtimes.mjs), and Vitest runs each test file in its own process.
 * Test-only: never import it from app code.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineApi, EngineInfo, EvaluateRequest } from '../contract';
import { createEngineRuntime, type LoadPyodideFn } from '../engineRuntime';
import { memorySnapshotStore } from '../engineSnapshot';
import { evaluationOf, type Evaluation } from '../evaluation';
import { traceOf } from '../tracing';
import { runtimeInfo } from '../runtimes';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));

interface StdlibManifest {
  python: string;
  wheel: { fileName: string; bytes: number };
}

/** Whether `python` ("3.12.7") is at least 3.`minor`. */
function atLeast(python: string, minor: number): boolean {
  const [major = 0, ofThree = 0] = python.split('.').map(Number);
  return major > 3 || (major === 3 && ofThree >= minor);
}

export function describeRuntime(key: string): void {
  const runtime = runtimeInfo(key);
  if (runtime === undefined) throw new Error(`No runtime ${key} in runtimes.json`);
  const packageDir = path.join(root, 'node_modules', runtime.package);
  const stdlibDir = path.join(root, '.cache', 'stdlib', key);
  const indexURL = packageDir + path.sep;

  describe(`engine runtime on CPython ${runtime.python} (Pyodide ${runtime.pyodide})`, () => {
    let manifest: StdlibManifest;
    let server: http.Server;
    let wheelURL: string;
    let stdLibURL: string;
    let load: LoadPyodideFn;
    let engine: EngineApi;
    let info: EngineInfo;
    const snapshots = memorySnapshotStore();
    const interrupt = new Int32Array(new SharedArrayBuffer(4));

    beforeAll(async () => {
      const manifestFile = path.join(stdlibDir, 'stdlib.json');
      if (!existsSync(manifestFile)) {
        throw new Error(`No ${manifestFile}: run \`npm run build:wheel && npm run build:stdlib\`.`);
      }
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as StdlibManifest;
      // The two archives as the page gets them: gzipped files (gzippedArchives.ts), over HTTP.
      const served = new Map(
        [`${manifest.wheel.fileName}.gz`, 'python_stdlib.zip.gz'].map((name) => [
          name,
          readFileSync(path.join(stdlibDir, name)),
        ]),
      );
      server = http.createServer((req, res) => {
        const body = served.get(path.basename(new URL(req.url ?? '/', 'http://x').pathname));
        if (body === undefined) {
          res.writeHead(404, { Connection: 'close' }).end();
          return;
        }
        res.writeHead(200, { 'Content-Length': body.length, Connection: 'close' });
        res.end(body);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      wheelURL = `${baseURL}${manifest.wheel.fileName}.gz`;
      stdLibURL = `${baseURL}python_stdlib.zip.gz`;

      // This release's own loader (what its worker entry imports), on the trimmed stdlib.
      const module = (await import(pathToFileURL(path.join(packageDir, 'pyodide.mjs')).href)) as {
        loadPyodide: (config: object) => ReturnType<LoadPyodideFn>;
      };
      load = (config) => module.loadPyodide(config);
      engine = createEngineRuntime(load, { snapshots, runtime: key, finishBootAfterMs: 0 });
      info = await engine.init(
        { indexURL, wheelURL, stdLibURL, interruptBuffer: interrupt, progressBuffer: null },
        () => {},
      );
    });

    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
    });

    const request = (pattern: string, text: string, more: Partial<EvaluateRequest> = {}) =>
      ({ pattern, text, op: 'search', ...more }) satisfies EvaluateRequest;
    const run = async (on: EngineApi, req: EvaluateRequest): Promise<Evaluation> =>
      evaluationOf(await on.evaluate(req), req);

    it('says which CPython, Pyodide and runtime answer', () => {
      expect(info.python.split(' ')[0]).toBe(runtime.python);
      expect(manifest.python).toBe(runtime.python);
      // Pyodide says its pre-releases as Python does (315.0.0a2), npm as semver (315.0.0-alpha.2).
      expect(info.pyodide).toBe(runtime.pyodide.replace(/-alpha\./, 'a'));
      expect(info.runtime).toBe(key);
      expect(info.memoryBytes).toBeGreaterThan(1_000_000);
      expect(info.boot.from).toBe('fresh');
    });

    // `\z` is a bad escape before 3.14 and matches at the end from 3.14; re.error is named
    // PatternError from 3.13 (issue 15's known differences).
    it("answers with this CPython's own re: \\z", async () => {
      const result = await run(engine, request('a\\z', 'ba'));
      if (atLeast(runtime.python, 14)) {
        expect(result).toMatchObject({ ok: true });
        expect(result.ok && result.matches.span(0)).toEqual([1, 2]);
      } else {
        expect(result).toMatchObject({
          ok: false,
          error: {
            type: atLeast(runtime.python, 13) ? 'PatternError' : 'error',
            message: 'bad escape \\z at position 1',
            pos: 1,
          },
        });
      }
    });

    it('explains, writes code and runs a suite on this CPython', async () => {
      expect(JSON.stringify(await engine.explain('(?P<year>\\d{4})', ''))).toContain('year');
      expect(await engine.toPython(request('a+', 'caab'))).toContain('import re');
      const verdicts = await engine.runSuite({
        suite: {
          pattern: '(\\d+)',
          op: 'search',
          tests: [
            { text: 'a12', expect: 'match', groups: { '1': '12' } },
            { text: 'ab', expect: 'no match' },
          ],
        },
      });
      expect(verdicts).toMatchObject({ passed: 2, failed: 0, error: null, python: info.python });
    });

    it("traces a request step by step with this CPython's own program", async () => {
      const req = request('(a+)+$', 'aaab');
      const traced = traceOf(
        await engine.trace(req, { maxSteps: 100_000, maxTraceSteps: 50 }),
        req,
      );
      expect(traced).toMatchObject({ ok: true, supported: true, truncated: false });
      if (!traced.ok || !traced.supported) return;
      expect(traced.python).toBe(info.python);
      expect(traced.matches?.length).toBe(0);
      // Three a's before a b: the nested repeats try every split before giving up (backtracks).
      expect(traced.backtracks).toBeGreaterThan(0);
      expect(traced.trace.count).toBe(Math.min(50, traced.steps));
      expect(traced.trace.nextBacktrack(-1)).not.toBeNull();
      for (let i = 0; i < traced.trace.count; i++) expect(traced.trace.op(i)).toMatch(/^[A-Z_]+$/);
    });

    it("sends a trace's matches packed, the same as the evaluation's (astral text, named groups)", async () => {
      const req = request('(?P<d>\\d)(x)?', '😀1 é2x 3', { op: 'finditer' });
      const answer = await engine.trace(req, { maxSteps: 100_000, maxTraceSteps: 0 });
      expect(answer.packedMatches?.layout).toMatchObject({
        count: 3,
        groupSlots: 3,
        spans16: true,
      });
      expect(answer.result.ok && answer.result.supported && answer.result.matches).toEqual([]);
      const traced = traceOf(answer, req);
      const evaluated = await run(engine, req);
      if (!traced.ok || !traced.supported || !evaluated.ok) throw new Error('both must succeed');
      const table = traced.matches!;
      expect(table.length).toBe(evaluated.matches.length);
      for (let i = 0; i < table.length; i++) expect(table.at(i)).toEqual(evaluated.matches.at(i));
    });

    it("finds (a+)+$'s catastrophic backtracking with this CPython's parser; a+b is safe", async () => {
      const found = await engine.redos({ pattern: '(a+)+$', maxMs: 20_000 });
      expect(found).toMatchObject({
        verdict: 'exponential',
        attack: { prefix: '', pump: 'a' },
        construct16: [0, 5],
      });
      expect(await engine.redos({ pattern: 'a+b', maxMs: 20_000 })).toMatchObject({
        verdict: 'safe',
      });
      expect(await engine.redos({ pattern: 'a', maxMs: -1 })).toMatchObject({
        ok: false,
        error: { type: 'RequestError' },
      });
    });

    it('stops a runaway pattern through its interrupt buffer', async () => {
      const thread = new Worker(
        `const { workerData } = require('node:worker_threads');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         Atomics.store(workerData.interrupt, 0, 2);`,
        { eval: true, workerData: { interrupt } },
      );
      try {
        const stopped = await run(engine, request('(a+)+$', `${'a'.repeat(40)}b`));
        expect(stopped).toMatchObject({ ok: false, error: { type: 'Interrupted' } });
      } finally {
        await thread.terminate();
      }
      expect(await run(engine, request('b', 'ab'))).toMatchObject({ ok: true });
    });

    it('restores a memory snapshot where this Pyodide takes one, and says so where not', async () => {
      const supported = info.boot.snapshots !== false;
      // Detected, not assumed: only Pyodide 0.25 (CPython 3.11) of the shipped ones has none.
      expect(supported).toBe(key !== '3.11');
      if (!supported) {
        expect(snapshots.saved).toBeNull();
        return;
      }
      await vi.waitFor(() => expect(snapshots.saved?.byteLength).toBeGreaterThan(10_000_000));
      const restored = createEngineRuntime(load, { snapshots, runtime: key, finishBootAfterMs: 0 });
      const again = await restored.init(
        { indexURL, wheelURL, stdLibURL, interruptBuffer: null, progressBuffer: null },
        () => {},
      );
      expect(again.boot).toEqual({ from: 'snapshot', problem: null, snapshots: true });
      expect(again.python).toBe(info.python);
      const result = await run(restored, request('(?P<w>\\w)\\d', 'x a1'));
      expect(result.ok && result.matches.span(0)).toEqual([2, 4]);
    });
  });
}
