/**
 * The engine pool against fake workers (engineClient.test.ts's fakes): one engine per CPython
 * version made on first use, each with its own worker and lifecycle, the selected one as
 * `current`, and idle engines let go beyond the memory budget, least recently used first, never
 * the selected or a busy one. No Pyodide and no DOM here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluateRequest } from './contract';
import { BUNDLED_WORKERS } from './bundledWorker';
import { EngineClient } from './engineClient.svelte';
import { EnginePool, UNMEASURED_ENGINE_BYTES } from './enginePool.svelte';
import { DEFAULT_RUNTIME, RUNTIMES, type RuntimeKey } from './runtimes';
import { FAKE_RUN_BYTES, FakeEngine, FakeEngineWorker } from './testing/fakeEngineWorker';

const realSetTimeout = globalThis.setTimeout;

async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const giveUp = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

function request(pattern: string, text = 'say abc, abc'): EvaluateRequest {
  return { pattern, text, flags: '', op: 'finditer' };
}

interface Setup {
  pool: EnginePool;
  /** Every worker made, with the version it was made for. */
  workers: Array<{ key: RuntimeKey; worker: FakeEngineWorker }>;
  /** The keys createClient was called with, in order. */
  made: RuntimeKey[];
}

let pools: EnginePool[] = [];
let allWorkers: FakeEngineWorker[] = [];

function setup(options: { initial?: RuntimeKey; budgetBytes?: number } = {}): Setup {
  const workers: Setup['workers'] = [];
  const made: RuntimeKey[] = [];
  const pool = new EnginePool({
    ...options,
    createClient: (key, hooks) => {
      made.push(key);
      return new EngineClient({
        indexURL: `https://pyregex.test/pyodide/${key}/`,
        wheelFileName: 'pyregex-0.1.0-py3-none-any.whl',
        isolated: true,
        onTransition: hooks.onTransition,
        createWorker: () => {
          const worker = new FakeEngineWorker(new FakeEngine());
          workers.push({ key, worker });
          allWorkers.push(worker);
          return worker;
        },
      });
    },
  });
  pools.push(pool);
  return { pool, workers, made };
}

const ready = (client: EngineClient) => client.state.kind === 'ready';

/** Runs one evaluation on `key`'s engine to its end, so the engine reports its memory. */
async function evaluateOn(pool: EnginePool, key: RuntimeKey): Promise<EngineClient> {
  const client = pool.client(key);
  const id = client.submit(request('abc'));
  await until(() => client.result?.id === id && ready(client), `a result from ${key}`);
  return client;
}

afterEach(() => {
  for (const pool of pools) pool.dispose();
  for (const worker of allWorkers) worker.close();
  pools = [];
  allWorkers = [];
});

describe('EnginePool', () => {
  it('has a bundled worker entry for every runtime it ships', () => {
    expect(Object.keys(BUNDLED_WORKERS).sort()).toEqual(RUNTIMES.map((r) => r.key).sort());
  });

  it('makes only the chosen version at first, and each other one on first use', async () => {
    const { pool, made, workers } = setup({ initial: '3.12' });
    expect(pool.selected).toBe('3.12');
    expect(made).toEqual([]);
    const first = pool.current;
    expect(made).toEqual(['3.12']);
    expect(pool.current).toBe(first);
    expect(pool.loaded('3.12')).toBe(true);
    expect(pool.loaded('3.14')).toBe(false);
    // Peeking makes nothing: the diagnostics read a failed version's engine this way.
    expect(pool.peek('3.12')).toBe(first);
    expect(pool.peek('3.14')).toBeUndefined();
    expect(made).toEqual(['3.12']);

    pool.select('3.14');
    expect(pool.selected).toBe('3.14');
    expect(made).toEqual(['3.12', '3.14']);
    expect(pool.current).not.toBe(first);
    expect(pool.client('3.12')).toBe(first);
    expect(pool.loadedKeys).toEqual(['3.12', '3.14']);
    // One worker each, each told its own runtime's folder.
    await until(() => ready(pool.current) && ready(first), 'both ready');
    expect(workers.map((w) => w.key)).toEqual(['3.12', '3.14']);
    expect(workers[0]?.worker.engine.inits[0]?.indexURL).toBe('https://pyregex.test/pyodide/3.12/');
    expect(workers[1]?.worker.engine.inits[0]?.indexURL).toBe('https://pyregex.test/pyodide/3.14/');
  });

  it('starts on the default version, ignores unknown ones, and refuses to make them', () => {
    const { pool, made } = setup({ initial: '2.7' });
    expect(pool.selected).toBe(DEFAULT_RUNTIME);
    pool.select('9.9');
    expect(pool.selected).toBe(DEFAULT_RUNTIME);
    expect(() => pool.client('9.9')).toThrow(/No Python 9\.9/);
    expect(made).toEqual([]);
  });

  it('runs each version under its own lifecycle: a busy one does not hold another', async () => {
    const { pool, workers } = setup({ initial: '3.14' });
    const slow = pool.client('3.12');
    await until(() => ready(slow) && ready(pool.current), 'both ready');
    slow.submit(request('held:x'));
    await until(() => slow.state.kind === 'running', '3.12 running');
    expect(slow.busy).toBe(true);

    const id = pool.current.submit(request('abc'));
    await until(() => pool.current.result?.id === id, 'a result from 3.14');
    expect(pool.current.result).toMatchObject({ kind: 'done' });
    expect(slow.state.kind).toBe('running');

    workers[0]?.worker.engine.release();
    await until(() => slow.state.kind === 'ready', '3.12 done');
    expect(slow.busy).toBe(false);
  });

  it('keeps every engine while within its budget, and counts what they report', async () => {
    const { pool } = setup({ initial: '3.14' });
    for (const { key } of RUNTIMES) await evaluateOn(pool, key);
    expect(pool.loadedKeys).toEqual(RUNTIMES.map((r) => r.key));
    expect(pool.memoryBytes).toBe(RUNTIMES.length * FAKE_RUN_BYTES);
  });

  it('lets idle engines go beyond its budget, least recently used first, never the selected', async () => {
    // Room for three engines that ran (31 MB each) and not a fourth that boots (48 MiB counted).
    const { pool } = setup({ initial: '3.14', budgetBytes: 130_000_000 });
    await evaluateOn(pool, '3.14');
    await evaluateOn(pool, '3.11');
    await evaluateOn(pool, '3.12');
    // The selected one was used first, so it is the least recent: it stays all the same.
    const kept = pool.client('3.11');
    await evaluateOn(pool, '3.13');
    await until(() => pool.loadedKeys.length === 3, 'one engine let go');
    expect(pool.loadedKeys).toEqual(['3.11', '3.13', '3.14']);
    expect(pool.client('3.11')).toBe(kept);
    expect(pool.memoryBytes).toBeLessThanOrEqual(pool.budgetBytes);

    // Asked for again, a let-go version is simply made again.
    const again = pool.client('3.12');
    expect(again.state.kind).toBe('loading');
    expect(pool.loaded('3.12')).toBe(true);
  });

  it('never lets a busy engine go, and counts a booting one as UNMEASURED_ENGINE_BYTES', async () => {
    const { pool, workers } = setup({ initial: '3.14', budgetBytes: 70_000_000 });
    await evaluateOn(pool, '3.14');
    const busy = await evaluateOn(pool, '3.12');
    busy.submit(request('held:x'));
    await until(() => busy.state.kind === 'running', '3.12 running');

    // 3.13 is new, counted at its estimate, and given a run at once (as Compare does); 3.12 is
    // busy; 3.14 is selected: nothing can go, over budget or not.
    const other = pool.client('3.13');
    other.submit(request('held:y'));
    expect(pool.memoryBytes).toBe(2 * FAKE_RUN_BYTES + UNMEASURED_ENGINE_BYTES);
    await until(() => other.state.kind === 'running', '3.13 running');
    expect(pool.loadedKeys).toEqual(['3.12', '3.13', '3.14']);

    // Once 3.12's run ends it is idle: it goes, and 3.13 (still busy) stays.
    workers.find((w) => w.key === '3.12')?.worker.engine.release();
    await until(() => !pool.loaded('3.12'), '3.12 let go');
    expect(busy.state.kind).not.toBe('running');
    expect(pool.client('3.13')).toBe(other);
  });

  it('disposes every engine with itself', async () => {
    const { pool, workers } = setup({ initial: '3.14' });
    pool.client('3.14');
    pool.client('3.11');
    await until(() => workers.length === 2, 'two workers');
    pool.dispose();
    expect(workers.every(({ worker }) => worker.terminated)).toBe(true);
    expect(() => pool.client('3.14')).toThrow(/disposed/);
  });
});
