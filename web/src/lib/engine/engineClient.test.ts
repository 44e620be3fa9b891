/**
 * The engine client against fake workers (a fake EngineApi behind a real Comlink MessageChannel),
 * with fake timers for deadlines and grace periods: interrupts through the buffer, terminate and
 * restart, latest wins, crashes, load failures and retry. No Pyodide and no DOM here.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseResult, EvaluateRequest, Suite, SuccessResult } from './contract';
import { SUITE_PROGRESS } from './contract';
import {
  EARLY_ANSWER_WAIT_MS,
  EngineClient,
  LONGEST_AWAITED_RUN_MS,
  SIDE_CALL_FRAME_WAIT_MS,
  earlyWaitMs,
  suiteLimits,
  type EngineClientOptions,
  type RunOutcome,
  type SuiteOutcome,
  type TraceOutcome,
} from './engineClient.svelte';
import type { TracedRun } from './tracing';
import { lifecycleLabel, type Lifecycle } from './lifecycle';
import {
  FAKE_INFO,
  FakeEngine,
  FAKE_RUN_BYTES,
  FakeEngineWorker,
  answerOf,
  interruptedResult,
  literalSearch,
  type FakeEngineScript,
} from './testing/fakeEngineWorker';
import { tableSuccess } from './testing/successes';

const realSetTimeout = globalThis.setTimeout;

/** Waits in real time (messages cross a real MessageChannel) until `condition` holds. */
async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const giveUp = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

/** Lets messages in flight arrive, to show that something does NOT happen. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => realSetTimeout(resolve, 1));
}

/** A worker that stays silent in init until the test releases it: `restarting` stays visible. */
const HELD_QUIET: FakeEngineScript = { holdInit: true, quiet: true };

function request(pattern: string, text = 'say abc, abc'): EvaluateRequest {
  return { pattern, text, flags: '', op: 'finditer' };
}

interface Setup {
  client: EngineClient;
  workers: FakeEngineWorker[];
  /** Every state the client went through, in order (the initial one first). */
  history: Lifecycle[];
  /** The fake engine of the nth worker started (0-based). */
  engine(n: number): FakeEngine;
}

let clients: EngineClient[] = [];
let allWorkers: FakeEngineWorker[] = [];

function setup(
  options: Partial<EngineClientOptions> & {
    scripts?: FakeEngineScript[];
    leakyTerminate?: boolean;
    answersAtOnce?: boolean;
  } = {},
): Setup {
  const { scripts = [], leakyTerminate = false, answersAtOnce = false, ...clientOptions } = options;
  const workers: FakeEngineWorker[] = [];
  const history: Lifecycle[] = [];
  const client = new EngineClient({
    onTransition: (next, previous) => {
      if (history.length === 0) history.push(previous);
      history.push(next);
    },
    indexURL: 'https://pyregex.test/pyodide/',
    wheelFileName: 'pyregex-0.1.0-py3-none-any.whl',
    isolated: true,
    createWorker: () => {
      const worker = new FakeEngineWorker(new FakeEngine(scripts[workers.length] ?? {}), {
        leakyTerminate,
        answersAtOnce,
      });
      workers.push(worker);
      allWorkers.push(worker);
      return worker;
    },
    ...clientOptions,
  });
  clients.push(client);
  return {
    client,
    workers,
    history,
    engine: (n) => {
      const worker = workers[n];
      if (worker === undefined) throw new Error(`No worker #${n}`);
      return worker.engine;
    },
  };
}

/** The kinds of the states in `history` from the first one of `kind` on. */
function kindsSince(history: Lifecycle[], kind: Lifecycle['kind']): string[] {
  const kinds = history.map((state) => state.kind);
  return kinds.slice(kinds.indexOf(kind));
}

async function ready(client: EngineClient): Promise<void> {
  await until(() => client.state.kind === 'ready', `ready (state is ${client.state.kind})`);
}

function outcome(client: EngineClient): RunOutcome {
  const result = client.result;
  if (result === null) throw new Error('No result published');
  return result;
}

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
  });
});

afterEach(() => {
  for (const client of clients) client.dispose();
  for (const worker of allWorkers) worker.close();
  clients = [];
  allWorkers = [];
  vi.useRealTimers();
});

describe('starting', () => {
  it('hands the worker its URLs and interrupt buffer in init, reports progress, then is ready', async () => {
    const { client, engine } = setup({ scripts: [{ holdInit: true }] });
    expect(client.state).toEqual({ kind: 'loading', attempt: 1, progress: null });
    expect(client.isolated).toBe(true);

    await until(() => client.label === 'Loading Python runtime 2.1 / 9.6 MB', 'progress');
    const [init] = engine(0).inits;
    expect(init?.indexURL).toBe('https://pyregex.test/pyodide/');
    expect(init?.wheelURL).toBe('https://pyregex.test/pyodide/pyregex-0.1.0-py3-none-any.whl');
    expect(init?.interruptBuffer).toBeInstanceOf(Int32Array);
    expect(init?.interruptBuffer?.buffer).toBeInstanceOf(SharedArrayBuffer);

    engine(0).releaseInit();
    await ready(client);
    expect(client.info).toEqual(FAKE_INFO);
    expect(client.label).toBe('Ready');

    // A progress report arriving after init finished cannot move the state backwards.
    await engine(0).reportProgress({ label: 'late', file: 'x', loaded: 1, total: 2 });
    await settle();
    expect(client.state.kind).toBe('ready');
  });

  it('passes no buffer without cross-origin isolation', async () => {
    const { client, engine } = setup({ isolated: false });
    await ready(client);
    expect(client.isolated).toBe(false);
    expect(engine(0).inits[0]?.interruptBuffer).toBeNull();
  });

  it('detects isolation from crossOriginIsolated by default', async () => {
    const { client } = setup({ isolated: undefined });
    expect(client.isolated).toBe(false); // Node is not cross-origin isolated
    await ready(client);
  });

  it('derives the default URLs from the base URI', () => {
    const { client, engine } = setup({
      indexURL: undefined,
      baseURI: 'https://example.test/app/index.html',
    });
    expect(engine(0)).toBeDefined();
    expect(client.state.kind).toBe('loading');
    return until(() => engine(0).inits.length === 1).then(() => {
      expect(engine(0).inits[0]?.indexURL).toBe('https://example.test/app/pyodide/');
      expect(engine(0).inits[0]?.wheelURL).toBe(
        'https://example.test/app/pyodide/pyregex-0.1.0-py3-none-any.whl',
      );
    });
  });

  it('refuses to start without a wheel', () => {
    expect(
      () => new EngineClient({ indexURL: 'https://x.test/', createWorker: () => fail() }),
    ).toThrow(/wheel/);
    function fail(): never {
      throw new Error('must not start a worker');
    }
  });
});

describe('answers read early (the answer mailbox)', () => {
  /** A setup whose worker answers at once, with the frames the client asked for, to run. */
  function early(options: Partial<EngineClientOptions> = {}) {
    const frames: Array<() => void> = [];
    const env = setup({
      answersAtOnce: true,
      nextFrame: (callback) => frames.push(callback),
      ...options,
    });
    const runFrames = () => {
      for (const callback of frames.splice(0)) callback();
    };
    return { ...env, frames, runFrames };
  }

  it('reads a quick answer at once and applies it in the next frame, never twice', async () => {
    const { client, engine, history, frames, runFrames } = early();
    await ready(client);
    expect(engine(0).inits[0]?.answerMailbox).toBeInstanceOf(SharedArrayBuffer);
    // A worker's first evaluation runs cold: not waited for, and its time teaches nothing.
    engine(0).runMs = EARLY_ANSWER_WAIT_MS + 50;
    const cold = client.submit(request('a'));
    expect(frames).toHaveLength(0);
    await until(() => client.result?.id === cold, 'cold result');
    // No run time is known yet: worth the wait.
    engine(0).runMs = 1;
    const first = client.submit(request('b'));
    expect(frames).toHaveLength(1);
    runFrames();
    expect(client.result?.id).toBe(first);

    const before = history.length;
    const second = client.submit(request('c'));
    // Read already, but applied only in the frame (an editor may not have read its last edit yet).
    expect(frames).toHaveLength(1);
    expect(client.result?.id).toBe(first);
    runFrames();
    const published = outcome(client);
    expect(published).toEqual({
      kind: 'done',
      id: second,
      request: request('c'),
      result: tableSuccess(literalSearch(request('c')) as SuccessResult, request('c').text),
    });
    expect(client.state.kind).toBe('ready');
    expect(history.slice(before).map((state) => state.kind)).toEqual(['running', 'ready']);

    // The posted answer arrives later and changes nothing.
    await until(() => engine(0).evaluations.length === 3, 'third evaluation in the worker');
    await settle();
    expect(client.result).toBe(published);
    expect(history.length - before).toBe(2);
  });

  it('applies the posted answer when no frame comes first (a hidden page), and only once', async () => {
    const { client, history, frames, runFrames } = early();
    await ready(client);
    const cold = client.submit(request('a'));
    await until(() => client.result?.id === cold, 'cold result');
    const first = client.submit(request('b'));
    runFrames();
    expect(client.result?.id).toBe(first);
    const before = history.length;
    const second = client.submit(request('c'));
    expect(frames).toHaveLength(1);
    await until(() => client.result?.id === second, 'second result by message');
    const published = outcome(client);
    runFrames();
    expect(client.result).toBe(published);
    expect(history.length - before).toBe(2);
  });

  it('waits by the median of the recent run times: one slow run does not stop it, two do', async () => {
    const { client, engine, frames, runFrames } = early();
    await ready(client);
    /** Runs an evaluation to its end (its posted answer handled too); true if it was read early. */
    const run = async (pattern: string): Promise<boolean> => {
      const id = client.submit(request(pattern));
      const readEarly = frames.length > 0;
      runFrames();
      await until(() => client.result?.id === id, pattern);
      await settle();
      return readEarly;
    };
    await run('a'); // cold: never read early
    engine(0).runMs = 1;
    expect(await run('b')).toBe(true); // nothing known yet
    expect(await run('c')).toBe(true);
    engine(0).runMs = LONGEST_AWAITED_RUN_MS + 10;
    expect(await run('s')).toBe(true); // one slow run among quick ones...
    expect(await run('a')).toBe(true); // ...is not the median
    expect(await run('b')).toBe(false); // two of the last three are
    engine(0).runMs = 1;
    expect(await run('c')).toBe(false); // still two slow of the last three
    expect(await run('a')).toBe(false); // and still: slow, slow, quick
    expect(await run('b')).toBe(true); // two quick of the last three
    expect(await run('a')).toBe(true);
    expect(outcome(client)).toMatchObject({ kind: 'done', request: request('a') });
  });

  it('waits longer for longer runs, up to a limit', () => {
    expect(earlyWaitMs(null)).toBe(EARLY_ANSWER_WAIT_MS);
    expect(earlyWaitMs(1)).toBe(EARLY_ANSWER_WAIT_MS);
    expect(earlyWaitMs(4)).toBe(10); // twice the run and 2 ms...
    expect(earlyWaitMs(16)).toBe(28); // ...but at most 12 ms over it
    expect(earlyWaitMs(LONGEST_AWAITED_RUN_MS)).toBe(LONGEST_AWAITED_RUN_MS + 12);
    expect(earlyWaitMs(LONGEST_AWAITED_RUN_MS + 0.1)).toBeNull();
  });

  it('waits in the frame for an answer still on its way, until its wait after sending is over', async () => {
    // A clock that moves 1 ms per reading; the engine "finishes" when it reaches `answerAt`.
    let clock = 0;
    let answerAt = Infinity;
    let onAnswer = (): void => {};
    const now = (): number => {
      clock += 1;
      if (clock >= answerAt) {
        answerAt = Infinity;
        onAnswer();
      }
      return clock;
    };
    const { client, engine, frames, runFrames } = early({ now });
    await ready(client);
    const cold = client.submit(request('a'));
    await until(() => client.result?.id === cold, 'cold result');
    engine(0).runMs = 16; // the engine's typical run: the page waits up to 28 ms after sending
    const quick = client.submit(request('b'));
    runFrames();
    expect(client.result?.id).toBe(quick);
    await settle(); // its posted answer teaches the run time

    /** Sends a held evaluation whose answer reaches the mailbox `afterMs` after sending. */
    const sendHeld = (afterMs: number): { id: number; request: EvaluateRequest } => {
      const held = request('held:b');
      const sentAt = clock;
      const id = client.submit(held);
      answerAt = sentAt + afterMs;
      onAnswer = () => engine(0).mail(answerOf(literalSearch(held), FAKE_RUN_BYTES), id);
      return { id, request: held };
    };
    const inTime = sendHeld(25);
    expect(frames).toHaveLength(1);
    runFrames(); // spins until the answer is there, then applies it
    expect(client.result?.id).toBe(inTime.id);
    await until(() => engine(0).evaluations.length === 3, 'the held evaluation in the worker');
    engine(0).release();
    await settle();
    expect(client.result?.id).toBe(inTime.id);

    const sentAt = clock;
    const late = sendHeld(50);
    runFrames(); // gives up 28 ms after sending
    expect(client.result?.id).toBe(inTime.id);
    expect(clock - sentAt).toBeGreaterThanOrEqual(28);
    expect(clock - sentAt).toBeLessThan(34);
    await until(() => engine(0).evaluations.length === 4, 'the late evaluation in the worker');
    engine(0).release(); // the posted answer brings it
    await until(() => client.result?.id === late.id, 'late result by message');
  });

  it('gives the worker no mailbox and reads nothing early without cross-origin isolation', async () => {
    const { client, engine, frames } = early({ isolated: false });
    await ready(client);
    expect(engine(0).inits[0]?.answerMailbox ?? null).toBeNull();
    const first = client.submit(request('b'));
    await until(() => client.result?.id === first, 'first result');
    const second = client.submit(request('c'));
    expect(frames).toHaveLength(0);
    await until(() => client.result?.id === second, 'second result');
  });
});

describe('evaluating', () => {
  it('publishes the result of a request with its id', async () => {
    const { client, engine } = setup();
    await ready(client);
    const id = client.submit(request('abc'));
    expect(client.state).toMatchObject({ kind: 'running', runId: id });
    expect(client.label).toBe('Running…');
    await until(() => client.result !== null, 'result');
    expect(outcome(client)).toEqual({
      kind: 'done',
      id,
      request: request('abc'),
      result: tableSuccess(literalSearch(request('abc')) as SuccessResult, request('abc').text),
    });
    expect(client.state.kind).toBe('ready');
    expect(engine(0).evaluations).toEqual([request('abc')]);
  });

  it('keeps requests submitted while loading and runs only the newest when ready', async () => {
    const { client, engine } = setup({ scripts: [{ holdInit: true }] });
    client.submit(request('a'));
    client.submit(request('ab'));
    const newest = client.submit(request('abc'));
    await until(() => engine(0).inits.length === 1);
    engine(0).releaseInit();
    await until(() => client.result !== null, 'result');
    expect(outcome(client).id).toBe(newest);
    expect(engine(0).evaluations).toEqual([request('abc')]);
  });

  it('latest wins: while busy, only the newest of three submits runs next; stale results never show', async () => {
    const { client, engine } = setup();
    await ready(client);
    const published: number[] = [];
    const first = client.submit(request('held:1'));
    client.submit(request('a'));
    client.submit(request('ab'));
    const last = client.submit(request('abc'));
    expect(client.latestId).toBe(last);
    await until(() => engine(0).evaluations.length === 1);

    engine(0).release(); // the first run answers, but three newer requests exist: stale
    await until(() => client.result !== null, 'result');
    published.push(outcome(client).id);
    await settle();

    expect(published).toEqual([last]);
    expect(outcome(client)).toMatchObject({ kind: 'done', id: last, request: request('abc') });
    expect(engine(0).evaluations.map((r) => r.pattern)).toEqual(['held:1', 'abc']);
    expect(first).toBeLessThan(last);
    expect(client.state.kind).toBe('ready');
  });

  it('sends a plain snapshot of the request', async () => {
    const { client, engine } = setup();
    await ready(client);
    const mutable = request('abc');
    client.submit(mutable);
    mutable.pattern = 'changed';
    await until(() => client.result !== null);
    expect(engine(0).evaluations[0]?.pattern).toBe('abc');
  });
});

describe('a newer request cuts a slow stale run short', () => {
  it('isolated: interrupts the stale run after 150 ms and runs the newest request next', async () => {
    const { client, engine, history } = setup();
    await ready(client);
    client.submit(request('slow:(a+)+$'));
    await until(() => engine(0).evaluations.length === 1);
    const newest = client.submit(request('abc'));

    await vi.advanceTimersByTimeAsync(149);
    expect(Atomics.load(engine(0).interruptBuffer!, 0)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => client.result !== null, 'result of the newest request');

    expect(outcome(client)).toMatchObject({ kind: 'done', id: newest, request: request('abc') });
    expect(engine(0).evaluations.map((r) => r.pattern)).toEqual(['slow:(a+)+$', 'abc']);
    // Not a deadline stop: the page never showed "Stopping…" for it.
    expect(history.some((state) => state.kind === 'interrupting')).toBe(false);
  });

  it('isolated: leaves a run alone that finishes within 150 ms', async () => {
    const { client, engine } = setup();
    await ready(client);
    client.submit(request('held:1'));
    await until(() => engine(0).evaluations.length === 1);
    const newest = client.submit(request('abc'));
    await vi.advanceTimersByTimeAsync(100);
    engine(0).release();
    await until(() => client.result !== null, 'result');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(Atomics.load(engine(0).interruptBuffer!, 0)).toBe(0);
    expect(outcome(client)).toMatchObject({ kind: 'done', id: newest });
  });

  it('not isolated: waits for the deadline instead of restarting the engine early', async () => {
    const { client, engine, workers } = setup({ isolated: false });
    await ready(client);
    client.submit(request('deaf:(a+)+$'));
    await until(() => engine(0).evaluations.length === 1);
    client.submit(request('abc'));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(client.state.kind).toBe('running');
    expect(workers).toHaveLength(1);
  });
});

describe('deadline', () => {
  it('isolated: writes 2 into the buffer, gets Interrupted, and is ready again on the same worker', async () => {
    const { client, engine, workers, history } = setup();
    await ready(client);
    const id = client.submit(request('slow:(a+)+$'));

    await vi.advanceTimersByTimeAsync(1_999);
    expect(client.state.kind).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    await ready(client);
    expect(kindsSince(history, 'running')).toEqual(['running', 'interrupting', 'ready']);
    const stopping = history.find((state) => state.kind === 'interrupting');
    expect(stopping).toMatchObject({ via: 'buffer', cause: 'deadline', runId: id });
    expect(stopping && lifecycleLabel(stopping)).toBe('Stopping…');

    expect(outcome(client)).toEqual({
      kind: 'stopped',
      id,
      request: request('slow:(a+)+$'),
      afterMs: 2_000,
      how: 'interrupt',
      cause: 'deadline',
    });
    expect(workers).toHaveLength(1);
    expect(workers[0]?.terminated).toBe(false);

    // The grace timer was cleared: nothing happens later.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.state.kind).toBe('ready');

    client.submit(request('abc'));
    await until(() => outcome(client).kind === 'done', 'next result');
    expect(engine(0).evaluations.map((r) => r.pattern)).toEqual(['slow:(a+)+$', 'abc']);
  });

  it('isolated but deaf: after the grace it terminates the worker and a new one takes over', async () => {
    const { client, engine, workers, history } = setup({ scripts: [{}, HELD_QUIET] });
    await ready(client);
    const id = client.submit(request('deaf:(a+)+$'));

    await vi.advanceTimersByTimeAsync(2_000);
    expect(client.state).toMatchObject({ kind: 'interrupting', via: 'buffer' });
    await vi.advanceTimersByTimeAsync(499);
    expect(client.state.kind).toBe('interrupting');
    await vi.advanceTimersByTimeAsync(1);

    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(client.state).toEqual({
      kind: 'restarting',
      attempt: 2,
      reason: 'deadline',
      detail: null,
    });
    expect(client.label).toBe('Restarting (stopped a runaway pattern)');
    expect(outcome(client)).toMatchObject({
      kind: 'stopped',
      id,
      afterMs: 2_500,
      how: 'restart',
      cause: 'deadline',
    });

    engine(1).releaseInit();
    await ready(client);
    expect(history.slice(-4)).toMatchObject([
      { kind: 'interrupting', via: 'buffer' },
      { kind: 'interrupting', via: 'terminate' },
      { kind: 'restarting', attempt: 2 },
      { kind: 'ready', attempt: 2 },
    ]);
    // The new worker got a fresh buffer (no stale 2 from the old one).
    const buffer = engine(1).inits[0]?.interruptBuffer;
    expect(buffer).not.toBe(engine(0).inits[0]?.interruptBuffer);
    expect(buffer && Atomics.load(buffer, 0)).toBe(0);
    expect(engine(1).evaluations).toEqual([]); // nothing stale is re-submitted

    client.submit(request('abc'));
    await until(() => outcome(client).kind === 'done', 'next result');
    expect(engine(1).evaluations.map((r) => r.pattern)).toEqual(['abc']);
  });

  it('not isolated: terminates at the deadline, restarts, and runs the newest pending request', async () => {
    const { client, engine, workers } = setup({ isolated: false, scripts: [{}, HELD_QUIET] });
    await ready(client);
    const id = client.submit(request('slow:(a+)+$'));
    await vi.advanceTimersByTimeAsync(1_000);
    const newest = client.submit(request('abc')); // typed while the runaway runs

    await vi.advanceTimersByTimeAsync(1_000);
    expect(workers[0]?.terminated).toBe(true);
    expect(client.state).toMatchObject({ kind: 'restarting', reason: 'deadline' });
    // The stopped run is stale (a newer request exists), so it is not published.
    expect(client.result).toBeNull();
    expect(id).toBeLessThan(newest);

    engine(1).releaseInit();
    await until(() => client.result !== null, 'result on the new worker');
    expect(outcome(client)).toMatchObject({ kind: 'done', id: newest });
    expect(engine(1).evaluations.map((r) => r.pattern)).toEqual(['abc']);
    expect(client.state.kind).toBe('ready');
  });

  it('not isolated: publishes the stopped run when it is the newest request', async () => {
    const { client, history } = setup({ isolated: false });
    await ready(client);
    const id = client.submit(request('slow:x'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(outcome(client)).toMatchObject({
      kind: 'stopped',
      id,
      afterMs: 2_000,
      how: 'restart',
      cause: 'deadline',
    });
    await ready(client);
    expect(kindsSince(history, 'running')).toEqual([
      'running',
      'interrupting', // via terminate
      'restarting',
      'loading', // the new worker's progress
      'ready',
    ]);
  });

  it('uses a deadline set by the page', async () => {
    const { client, history } = setup();
    client.deadlineMs = 300;
    await ready(client);
    client.submit(request('slow:x'));
    await vi.advanceTimersByTimeAsync(299);
    expect(client.state.kind).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    await ready(client);
    expect(kindsSince(history, 'running')).toEqual(['running', 'interrupting', 'ready']);
    expect(outcome(client)).toMatchObject({ kind: 'stopped', afterMs: 300 });
    expect(() => (client.deadlineMs = 0)).toThrow(RangeError);
  });

  it('never lets an answer of a terminated worker reach the state', async () => {
    const { client, engine } = setup({ leakyTerminate: true, scripts: [{}, HELD_QUIET] });
    await ready(client);
    client.submit(request('held:forever'));
    await until(() => engine(0).evaluations.length === 1);
    await vi.advanceTimersByTimeAsync(2_500); // deadline + grace: terminate
    expect(client.state.kind).toBe('restarting');
    const stopped = outcome(client);
    engine(1).releaseInit();
    await ready(client);

    engine(0).release(); // the old worker answers after all
    await engine(0).reportProgress({ label: 'late', file: 'x', loaded: 1, total: 1 });
    await settle();
    expect(client.result).toBe(stopped);
    expect(client.state).toMatchObject({ kind: 'ready', attempt: 2 });
  });
});

describe('stop button', () => {
  it('isolated: interrupts through the buffer', async () => {
    const { client, workers } = setup();
    await ready(client);
    client.stop(); // nothing runs: no-op
    expect(client.state.kind).toBe('ready');
    client.submit(request('slow:x'));
    await vi.advanceTimersByTimeAsync(700);
    client.stop();
    expect(client.state).toMatchObject({ kind: 'interrupting', via: 'buffer', cause: 'user' });
    await ready(client);
    expect(outcome(client)).toMatchObject({
      kind: 'stopped',
      how: 'interrupt',
      cause: 'user',
      afterMs: 700,
    });
    expect(workers).toHaveLength(1);
  });

  it('not isolated: restarts the worker', async () => {
    const { client, workers } = setup({ isolated: false });
    await ready(client);
    client.submit(request('slow:x'));
    client.stop();
    expect(client.state).toMatchObject({ kind: 'restarting', reason: 'user' });
    expect(client.label).toBe('Restarting (stopped by you)');
    expect(outcome(client)).toMatchObject({ kind: 'stopped', how: 'restart', cause: 'user' });
    expect(workers[0]?.terminated).toBe(true);
    await ready(client);
  });
});

describe('crashes', () => {
  it('restarts after a crash message from the worker', async () => {
    const { client, workers, engine } = setup({ scripts: [{}, HELD_QUIET] });
    await ready(client);
    workers[0]?.postCrashMessage('RangeError: Maximum call stack size exceeded');
    await until(() => client.state.kind === 'restarting', 'restarting');
    expect(client.state).toMatchObject({
      reason: 'crash',
      detail: 'RangeError: Maximum call stack size exceeded',
    });
    expect(client.label).toBe('Restarting (the engine crashed)');
    expect(workers[0]?.terminated).toBe(true);
    engine(1).releaseInit();
    await ready(client);
    expect(workers).toHaveLength(2);
  });

  it("restarts after the worker's error event, reporting the run it killed", async () => {
    const { client, workers } = setup();
    await ready(client);
    const id = client.submit(request('deaf:x'));
    await vi.advanceTimersByTimeAsync(100);
    const event = workers[0]?.fireErrorEvent('wasm trap: unreachable');
    expect(event?.defaultPrevented).toBe(true);
    expect(client.state).toMatchObject({ kind: 'restarting', reason: 'crash' });
    expect(outcome(client)).toMatchObject({
      kind: 'stopped',
      id,
      how: 'restart',
      cause: 'crash',
      afterMs: 100,
    });
    await ready(client);
  });

  it.each([
    ['EngineCrashed', 'crash:x', 'crash'],
    ['EngineOutOfMemory', 'oom:x', 'memory'],
  ] as const)(
    'restarts when a call rejects with %s, says why, and does not re-run the request',
    async (_name, pattern, cause) => {
      const { client, engine } = setup({ scripts: [{}, HELD_QUIET] });
      await ready(client);
      const id = client.submit(request(pattern));
      await until(() => client.state.kind === 'restarting', 'restarting');
      expect(client.state).toMatchObject({ reason: cause });
      expect(outcome(client)).toMatchObject({ kind: 'stopped', id, how: 'restart', cause });
      engine(1).releaseInit();
      await ready(client);
      await settle();
      expect(engine(1).evaluations).toEqual([]);

      client.submit(request('abc'));
      await until(() => outcome(client).kind === 'done');
    },
  );

  it('tries a worker that crashes while starting once more, then fails instead of looping', async () => {
    const { client, workers } = setup({ scripts: [{ holdInit: true }, { holdInit: true }] });
    await until(() => client.state.kind === 'loading' && client.state.progress !== null);
    workers[0]?.postCrashMessage('wasm validation failed');
    await until(() => workers.length === 2, 'a second worker');
    expect(client.state).toMatchObject({ kind: 'loading', retryOf: 'wasm validation failed' });
    expect(workers[0]?.terminated).toBe(true);

    workers[1]?.postCrashMessage('wasm validation failed again');
    await until(() => client.state.kind === 'failed', 'failed');
    expect(client.state).toMatchObject({ error: 'wasm validation failed again', canRetry: true });
    expect(workers[1]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it('ignores a crash report from a worker it already replaced', async () => {
    const { client, workers } = setup({ isolated: false, leakyTerminate: true });
    await ready(client);
    client.submit(request('slow:x'));
    await vi.advanceTimersByTimeAsync(2_000);
    await ready(client);
    workers[0]?.fireErrorEvent('late');
    workers[0]?.postCrashMessage('late');
    await settle();
    expect(client.state).toMatchObject({ kind: 'ready', attempt: 2 });
    expect(workers).toHaveLength(2);
  });
});

describe('memory', () => {
  it('labels a restart for memory as such', async () => {
    const { client } = setup({ scripts: [{}, HELD_QUIET] });
    await ready(client);
    client.submit(request('oom:x'));
    await until(() => client.state.kind === 'restarting', 'restarting');
    expect(client.label).toBe('Restarting (the engine ran out of memory)');
  });

  it("a worker's own out-of-memory report restarts it for that reason", async () => {
    const { client, workers } = setup({ scripts: [{}, HELD_QUIET] });
    await ready(client);
    workers[0]?.postCrashMessage('RangeError: Array buffer allocation failed');
    await until(() => client.state.kind === 'restarting', 'restarting');
    expect(client.state).toMatchObject({ reason: 'memory' });
  });

  it('a run that leaves the engine holding too much memory shows its result, then restarts it', async () => {
    const { client, workers, engine } = setup({ scripts: [{}, HELD_QUIET] });
    await ready(client);
    const id = client.submit(request('bloat:abc', 'bloat:abc bloat:abc'));
    await until(() => client.state.kind === 'restarting', 'restarting');
    expect(outcome(client)).toMatchObject({ kind: 'done', id });
    expect(client.state).toMatchObject({
      reason: 'memory',
      detail: "The last run grew the engine's memory to 2.0 GB, which it cannot give back.",
    });
    expect(workers[0]?.terminated).toBe(true);
    engine(1).releaseInit();
    await ready(client);
    await settle();
    // The result stays; nothing is run again.
    expect(outcome(client)).toMatchObject({ kind: 'done', id });
    expect(engine(1).evaluations).toEqual([]);
  });

  it('a run under the memory limit leaves the engine as it is', async () => {
    const { client, workers } = setup({ memoryLimitBytes: 3_000_000_000 });
    await ready(client);
    client.submit(request('bloat:abc', 'bloat:abc'));
    await until(() => client.result?.kind === 'done');
    await settle();
    expect(client.state.kind).toBe('ready');
    expect(workers).toHaveLength(1);
  });
});

describe('load failure', () => {
  it('a start that fails by chance is tried again at once, and the newest request runs', async () => {
    const trap = 'RuntimeError: Out of bounds memory access';
    const { client, engine, workers } = setup({ scripts: [{ initError: trap }, {}] });
    client.submit(request('abc'));
    await ready(client);
    expect(client.state).toMatchObject({ kind: 'ready', attempt: 2 });
    expect(workers[0]?.terminated).toBe(true);
    await until(() => client.result !== null, 'result');
    expect(outcome(client)).toMatchObject({ kind: 'done', request: request('abc') });
    expect(engine(1).evaluations).toHaveLength(1);
  });

  it('fails with the error after its second try, keeps the newest request, and retry runs it', async () => {
    const error = 'Could not install pyregex';
    const { client, engine, workers } = setup({
      scripts: [{ initError: error }, { initError: error }],
    });
    client.submit(request('abc'));
    await until(() => client.state.kind === 'failed', 'failed');
    expect(client.state).toMatchObject({
      kind: 'failed',
      attempt: 2,
      error: expect.stringContaining('Could not install pyregex'),
      canRetry: true,
    });
    expect(client.label).toMatch(/^Failed: .*Could not install pyregex/);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.terminated).toBe(true);

    client.retry();
    expect(client.state).toEqual({ kind: 'loading', attempt: 3, progress: null });
    await ready(client);
    await until(() => client.result !== null, 'result');
    expect(outcome(client)).toMatchObject({ kind: 'done', request: request('abc') });
    expect(engine(0).evaluations).toHaveLength(0);
    expect(engine(2).evaluations).toHaveLength(1);
  });

  it('fails when the worker cannot even be created', async () => {
    let calls = 0;
    const { client } = setup({
      createWorker: () => {
        calls += 1;
        throw new Error('Worker is not supported');
      },
    });
    expect(client.state).toMatchObject({
      kind: 'failed',
      attempt: 2,
      error: 'Worker is not supported',
    });
    expect(calls).toBe(2);
    client.retry();
    expect(calls).toBe(4);
    expect(client.state).toMatchObject({ kind: 'failed', attempt: 4 });
  });
});

describe('explain and toPython', () => {
  it('wait for the engine, and answer only the newest call', async () => {
    const { client, engine } = setup({ scripts: [{ holdInit: true }] });
    const early = client.explain('a+', '');
    const newer = client.explain('b+', 'i');
    const code = client.toPython(request('abc'));
    await until(() => engine(0).inits.length === 1);
    engine(0).releaseInit();

    expect(await early).toBeNull();
    expect(await newer).toEqual({ explained: 'b+' });
    expect(await code).toBe('re.search("abc", "say abc, abc")');
    expect(engine(0).explained).toEqual([['b+', 'i']]);
  });

  it('drop an answer superseded while the engine was working on it', async () => {
    const { client, engine } = setup();
    await ready(client);
    const first = client.explain('held:a', '');
    await until(() => engine(0).explained.length === 1);
    const second = client.explain('b', '');
    engine(0).release();
    expect(await first).toBeNull();
    expect(await second).toEqual({ explained: 'b' });
  });

  it('wait while an evaluation waits or runs, then for the frame that draws its result', async () => {
    const frames: Array<() => void> = [];
    const { client, engine } = setup({ nextFrame: (callback) => frames.push(callback) });
    await ready(client);
    const run = client.submit(request('held:1'));
    const explained = client.explain('a+', '');
    const code = client.toPython(request('abc'));
    await until(() => engine(0).evaluations.length === 1);
    await settle();
    expect(engine(0).explained).toEqual([]); // the evaluation is in the worker: they wait

    const newer = client.submit(request('held:2')); // a newer one waits: they wait for it too
    engine(0).release();
    await until(() => engine(0).evaluations.length === 2);
    await settle();
    expect(engine(0).explained).toEqual([]);

    engine(0).release();
    await until(() => client.result?.id === newer, 'the newer result');
    await settle();
    expect(engine(0).explained).toEqual([]); // answered: now the frame that draws it
    expect(frames.length).toBeGreaterThan(0);
    for (const callback of frames.splice(0)) callback();

    expect(await explained).toEqual({ explained: 'a+' });
    expect(await code).toBe('re.search("abc", "say abc, abc")');
    expect(run).toBeLessThan(newer);
  });

  it('go without the frame when none comes (a hidden tab), once the wait for it is over', async () => {
    const { client, engine } = setup({ nextFrame: () => {} }); // frames never come
    await ready(client);
    const explained = client.explain('a+', '');
    await vi.advanceTimersByTimeAsync(SIDE_CALL_FRAME_WAIT_MS - 1);
    await settle();
    expect(engine(0).explained).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await explained).toEqual({ explained: 'a+' });
  });

  it('ask the new worker again when a restart swallowed the question', async () => {
    const { client, engine } = setup({ isolated: false });
    await ready(client);
    client.submit(request('slow:x'));
    const answer = client.explain('a+', ''); // queued behind the runaway run
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await answer).toEqual({ explained: 'a+' });
    expect(engine(1).explained).toEqual([['a+', '']]);
  });
});

describe('dispose', () => {
  it('terminates the worker and settles waiting calls with null', async () => {
    const { client, workers } = setup({ scripts: [{ holdInit: true }] });
    const answer = client.explain('a', '');
    client.submit(request('abc'));
    client.dispose();
    expect(workers[0]?.terminated).toBe(true);
    expect(await answer).toBeNull();
    await settle();
    expect(client.result).toBeNull();
    expect(() => client.submit(request('abc'))).toThrow(/disposed/);
  });
});

/** A suite of the session's shape: the fake engine searches `pattern` literally in each text. */
function suite(pattern: string, texts: string[]): Suite {
  return {
    pattern,
    flags: '',
    op: 'search',
    tests: texts.map((text) => ({ text, expect: 'match' })),
  };
}

function suiteOutcome(client: EngineClient): SuiteOutcome {
  const outcome = client.suiteResult;
  if (outcome === null) throw new Error('No suite outcome published');
  return outcome;
}

/** The statuses of a published `done` suite outcome's cases. */
function statuses(client: EngineClient): CaseResult['status'][] {
  const outcome = suiteOutcome(client);
  if (outcome.kind !== 'done') throw new Error(`The suite outcome is ${outcome.kind}`);
  return outcome.result.cases.map((c) => c.status);
}

/** The progress slots the client gave worker `n` (isolated clients only). */
function progressOf(setup: Setup, n = 0): { running(): number; stop(): number } {
  const buffer = setup.engine(n).progressBuffer;
  if (buffer === null) throw new Error(`Worker #${n} got no progress buffer`);
  return {
    running: () => Atomics.load(buffer, SUITE_PROGRESS.case),
    stop: () => Atomics.load(buffer, SUITE_PROGRESS.stop),
  };
}

/** The ids of the runs the client started, in order (from the lifecycle's `running` states). */
function runIds(history: Lifecycle[]): number[] {
  return history.flatMap((state) => (state.kind === 'running' ? [state.runId] : []));
}

describe('suite limits', () => {
  it('gives a case a quarter of the deadline (at least 50 ms) and the suite the deadline less a margin', () => {
    expect(suiteLimits(2_000)).toEqual({ caseMs: 500, suiteMs: 1_800 });
    expect(suiteLimits(100)).toEqual({ caseMs: 50, suiteMs: 90 });
    expect(suiteLimits(300_000)).toEqual({ caseMs: 75_000, suiteMs: 299_750 });
  });
});

describe('test suites', () => {
  it('hands the worker a second shared buffer of two slots for suite progress', async () => {
    const s = setup();
    await ready(s.client);
    const buffer = s.engine(0).inits[0]?.progressBuffer;
    expect(buffer).toBeInstanceOf(Int32Array);
    expect(buffer?.length).toBe(2);
    expect(buffer?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(buffer?.buffer).not.toBe(s.engine(0).inits[0]?.interruptBuffer?.buffer);
  });

  it('runs a suite with limits from the deadline and publishes its verdicts', async () => {
    const s = setup();
    s.client.deadlineMs = 1_000;
    await ready(s.client);
    const id = s.client.submitSuite(suite('abc', ['xabcx', 'nothing']));
    expect(s.client.latestSuiteId).toBe(id);
    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(suiteOutcome(s.client)).toMatchObject({
      kind: 'done',
      id,
      suite: suite('abc', ['xabcx', 'nothing']),
      result: { passed: 1, failed: 1 },
    });
    expect(statuses(s.client)).toEqual(['pass', 'fail']);
    expect(s.engine(0).suites).toEqual([
      { suite: suite('abc', ['xabcx', 'nothing']), caseMs: 250, suiteMs: 900 },
    ]);
    expect(s.client.state.kind).toBe('ready');
    expect(s.client.result).toBeNull(); // no evaluation was asked for
  });

  it('runs a waiting evaluation before a waiting suite, and both get their results', async () => {
    const s = setup();
    await ready(s.client);
    const busy = s.client.submit(request('held:1'));
    await until(() => s.engine(0).evaluations.length === 1);
    const suiteId = s.client.submitSuite(suite('abc', ['abc']));
    const evaluationId = s.client.submit(request('abc'));
    s.engine(0).release();

    await until(() => s.client.result?.id === evaluationId && s.client.suiteResult !== null);
    expect(runIds(s.history)).toEqual([busy, evaluationId, suiteId]);
    expect(outcome(s.client)).toMatchObject({ kind: 'done', id: evaluationId });
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id: suiteId });
    expect(new Set(runIds(s.history)).size).toBe(3); // run ids never repeat across kinds
  });

  it('a suite submission never makes the evaluation result look stale', async () => {
    const s = setup();
    await ready(s.client);
    const evaluationId = s.client.submit(request('abc'));
    await until(() => s.client.result !== null, 'result');
    const suiteId = s.client.submitSuite(suite('abc', ['abc']));
    expect(suiteId).toBeGreaterThan(evaluationId);
    expect(s.client.latestId).toBe(evaluationId);
    expect(outcome(s.client).id).toBe(s.client.latestId);
    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(s.client.latestId).toBe(evaluationId);
    expect(outcome(s.client).id).toBe(evaluationId);
  });

  it('an evaluation submission never makes the suite result look stale', async () => {
    const s = setup();
    await ready(s.client);
    const suiteId = s.client.submitSuite(suite('abc', ['abc']));
    await until(() => s.client.suiteResult !== null, 'suite result');
    s.client.submit(request('abc'));
    await until(() => s.client.result !== null, 'result');
    expect(s.client.latestSuiteId).toBe(suiteId);
    expect(suiteOutcome(s.client).id).toBe(suiteId);
  });

  it('latest wins per kind: of three suites sent while busy only the newest runs, and no older verdicts show', async () => {
    const s = setup();
    await ready(s.client);
    s.client.submitSuite(suite('held:first', ['abc']));
    await until(() => s.engine(0).suites.length === 1);
    s.client.submitSuite(suite('second', ['abc']));
    const newest = s.client.submitSuite(suite('third', ['third']));
    s.engine(0).release(); // the first suite answers, but two newer suites exist: stale

    await until(() => s.client.suiteResult !== null, 'suite result');
    await settle();
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id: newest });
    expect(statuses(s.client)).toEqual(['pass']);
    expect(s.engine(0).suites.map((r) => r.suite.pattern)).toEqual(['held:first', 'third']);
  });

  it('a newer suite stops a stale one after 150 ms as a whole, and its partial verdicts never show', async () => {
    const s = setup();
    await ready(s.client);
    s.client.submitSuite(suite('abc', ['slow:runaway', 'abc']));
    await until(() => progressOf(s).running() === 1, 'the runaway case');
    const newest = s.client.submitSuite(suite('held:next', ['abc']));

    await vi.advanceTimersByTimeAsync(149);
    await settle();
    expect(progressOf(s).stop()).toBe(0);
    expect(s.engine(0).suiteAnswers).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    // The stale suite answered with its cases skipped (stopped as a whole, not a case timeout),
    // and the newest one is in the worker; the stale verdicts were not published.
    await until(() => s.engine(0).suites.length === 2, 'the newest suite sent');
    expect(s.engine(0).suiteAnswers.map((r) => r.cases.map((c) => c.status))).toEqual([
      ['skipped', 'skipped'],
    ]);
    expect(s.client.suiteResult).toBeNull();
    expect(s.client.state).toMatchObject({ kind: 'running', runId: newest });
    expect(s.history.some((state) => state.kind === 'interrupting')).toBe(false);

    s.engine(0).release();
    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id: newest });
  });

  it('a stale suite holding up an evaluation is stopped at once, its verdicts never shown; then the evaluation and the newest suite run', async () => {
    const s = setup();
    await ready(s.client);
    s.client.submitSuite(suite('abc', ['slow:runaway', 'abc']));
    await until(() => progressOf(s).running() === 1, 'the runaway case');
    // A pattern keystroke with a suite shown: the evaluation and the newer suite, together.
    const evaluationId = s.client.submit(request('abd'));
    const newest = s.client.submitSuite(suite('abd', ['abd']));

    // No fake time passes: without the stop the runaway case would hold everything up.
    await until(() => s.client.result !== null, 'the evaluation, without waiting 150 ms');
    expect(outcome(s.client)).toMatchObject({ kind: 'done', id: evaluationId });
    await until(() => s.client.suiteResult !== null, 'the newest suite');
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id: newest });
    // The stale suite answered with its cases skipped (stopped as a whole), never published.
    expect(s.engine(0).suiteAnswers.map((r) => r.cases.map((c) => c.status))).toEqual([
      ['skipped', 'skipped'],
      ['pass'],
    ]);
    expect(s.history.some((state) => state.kind === 'interrupting')).toBe(false);
  });

  it('a waiting evaluation does not cut a running suite short; it runs right after', async () => {
    const s = setup();
    await ready(s.client);
    const suiteId = s.client.submitSuite(suite('abc', ['slow:runaway', 'abc']));
    await until(() => progressOf(s).running() === 1, 'the runaway case');
    const evaluationId = s.client.submit(request('abc'));
    await vi.advanceTimersByTimeAsync(300);
    expect(s.client.state).toMatchObject({ kind: 'running', runId: suiteId });
    expect(progressOf(s).stop()).toBe(0);

    await vi.advanceTimersByTimeAsync(300); // past the case's 500 ms: the watchdog stops it
    await until(() => s.client.result !== null && s.client.suiteResult !== null);
    expect(statuses(s.client)).toEqual(['timeout', 'pass']);
    expect(outcome(s.client)).toMatchObject({ kind: 'done', id: evaluationId });
    expect(runIds(s.history)).toEqual([suiteId, evaluationId]);
  });

  it('interrupts a case after caseMs through the watchdog, leaving the stop slot alone: the suite goes on', async () => {
    const s = setup(); // deadline 2000 ms: caseMs 500
    await ready(s.client);
    s.client.submitSuite(suite('abc', ['abc', 'slow:runaway', 'abc']));
    await until(() => progressOf(s).running() === 2, 'the runaway case');

    // The first tick (20 ms) sees case 2 start; 500 ms after it, one interrupt.
    await vi.advanceTimersByTimeAsync(519);
    await settle();
    expect(s.client.suiteResult).toBeNull();
    expect(progressOf(s).running()).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => s.client.suiteResult !== null, 'suite result');

    expect(statuses(s.client)).toEqual(['pass', 'timeout', 'pass']);
    expect(progressOf(s).stop()).toBe(0);
    expect(s.client.state.kind).toBe('ready');
    expect(s.history.some((state) => state.kind === 'interrupting')).toBe(false);
    // No second interrupt is left behind for the next run.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(Atomics.load(s.engine(0).interruptBuffer!, 0)).toBe(0);
  });

  it('never interrupts once every verdict is in (the engine names no case then)', async () => {
    const s = setup(); // caseMs 500
    await ready(s.client);
    s.client.submitSuite(suite('late:abc', ['late:abc', 'no']));
    await until(() => progressOf(s).running() === 3, 'every verdict in');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(Atomics.load(s.engine(0).interruptBuffer!, 0)).toBe(0);
    s.engine(0).release();
    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(statuses(s.client)).toEqual(['pass', 'fail']);
  });

  it('at the deadline writes the stop slot, then interrupts: the verdicts so far show, the rest skipped', async () => {
    const s = setup({ deadlineMs: 280 }); // caseMs 70
    await ready(s.client);
    const id = s.client.submitSuite(suite('abc', ['slow:1', 'slow:2', 'slow:3', 'abc']));
    // Each runaway case is interrupted by the watchdog 80 ms after it is first seen running.
    await until(() => progressOf(s).running() === 1, 'case 1');
    await vi.advanceTimersByTimeAsync(100);
    await until(() => progressOf(s).running() === 2, 'case 2');
    await vi.advanceTimersByTimeAsync(100);
    await until(() => progressOf(s).running() === 3, 'case 3');
    await vi.advanceTimersByTimeAsync(79);
    expect(progressOf(s).stop()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(progressOf(s).stop()).toBe(1);
    // The engine runs on a real thread and may already have answered: read the states it passed.
    expect(s.history).toContainEqual(
      expect.objectContaining({ kind: 'interrupting', via: 'buffer', cause: 'deadline' }),
    );

    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id });
    expect(statuses(s.client)).toEqual(['timeout', 'timeout', 'skipped', 'skipped']);
    expect(s.client.state.kind).toBe('ready');
    expect(s.workers).toHaveLength(1);
  });

  it('the stop button stops a suite as a whole; its verdicts show', async () => {
    const s = setup();
    await ready(s.client);
    const id = s.client.submitSuite(suite('abc', ['abc', 'slow:runaway', 'abc']));
    await until(() => progressOf(s).running() === 2, 'the runaway case');
    await vi.advanceTimersByTimeAsync(100);
    s.client.stop();
    expect(progressOf(s).stop()).toBe(1);
    expect(s.client.state).toMatchObject({ kind: 'interrupting', cause: 'user' });
    await until(() => s.client.suiteResult !== null, 'suite result');
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'done', id });
    expect(statuses(s.client)).toEqual(['pass', 'skipped', 'skipped']);
    expect(s.client.state.kind).toBe('ready');
  });

  it('a suite deaf to the interrupt is ended by a restart after the grace', async () => {
    const s = setup({ scripts: [{}, HELD_QUIET] });
    await ready(s.client);
    const id = s.client.submitSuite(suite('abc', ['deaf:runaway']));
    await vi.advanceTimersByTimeAsync(2_500);
    expect(s.workers[0]?.terminated).toBe(true);
    expect(suiteOutcome(s.client)).toMatchObject({
      kind: 'stopped',
      id,
      how: 'restart',
      cause: 'deadline',
      afterMs: 2_500,
    });
  });

  it('not isolated: no buffer, no watchdog; the deadline restarts the worker and the suite is stopped', async () => {
    const s = setup({ isolated: false, scripts: [{}, HELD_QUIET] });
    await ready(s.client);
    expect(s.engine(0).inits[0]?.progressBuffer).toBeNull();
    const suiteValue = suite('abc', ['abc', 'slow:runaway']);
    const id = s.client.submitSuite(suiteValue);
    await until(() => s.engine(0).suites.length === 1);
    expect(s.engine(0).suites[0]).toMatchObject({ caseMs: 500, suiteMs: 1_800 });

    await vi.advanceTimersByTimeAsync(1_999);
    expect(s.client.state.kind).toBe('running'); // nothing can stop the one case before that
    await vi.advanceTimersByTimeAsync(1);
    expect(s.workers[0]?.terminated).toBe(true);
    expect(s.client.state).toMatchObject({ kind: 'restarting', reason: 'deadline' });
    expect(suiteOutcome(s.client)).toEqual({
      kind: 'stopped',
      id,
      suite: suiteValue,
      afterMs: 2_000,
      how: 'restart',
      cause: 'deadline',
    });
    s.engine(1).releaseInit();
    await ready(s.client);
    await settle();
    expect(s.engine(1).suites).toEqual([]); // the stopped suite is not run again
  });

  it('not isolated: the stop button restarts the worker', async () => {
    const s = setup({ isolated: false });
    await ready(s.client);
    s.client.submitSuite(suite('abc', ['slow:runaway']));
    s.client.stop();
    expect(suiteOutcome(s.client)).toMatchObject({
      kind: 'stopped',
      how: 'restart',
      cause: 'user',
    });
    await ready(s.client);
  });

  it('a crash during a suite restarts the worker and says so', async () => {
    const s = setup({ scripts: [{}, HELD_QUIET] });
    await ready(s.client);
    const id = s.client.submitSuite(suite('crash:x', ['abc']));
    await until(() => s.client.state.kind === 'restarting', 'restarting');
    expect(suiteOutcome(s.client)).toMatchObject({ kind: 'stopped', id, cause: 'crash' });
    expect(s.client.result).toBeNull();
  });

  it('sends a plain snapshot of the suite', async () => {
    const s = setup();
    await ready(s.client);
    const mutable = suite('abc', ['abc']);
    s.client.submitSuite(mutable);
    mutable.pattern = 'changed';
    mutable.tests[0]!.text = 'changed';
    await until(() => s.client.suiteResult !== null);
    expect(s.engine(0).suites[0]?.suite).toEqual(suite('abc', ['abc']));
  });

  it('suiteToPytest waits for the engine and answers only the newest call', async () => {
    const s = setup({ scripts: [{ holdInit: true }] });
    const early = s.client.suiteToPytest(suite('a+', ['a']));
    const newer = s.client.suiteToPytest(suite('b+', ['b']));
    await until(() => s.engine(0).inits.length === 1);
    s.engine(0).releaseInit();
    expect(await early).toBeNull();
    expect(await newer).toBe('def test_suite():  # "b+"\n');
    expect(s.engine(0).pytests).toEqual([suite('b+', ['b'])]);
  });

  it('refuses suites once disposed', () => {
    const s = setup();
    s.client.dispose();
    expect(() => s.client.submitSuite(suite('a', ['a']))).toThrow(/disposed/);
  });
});

describe('traces', () => {
  const BUDGETS = { maxSteps: 1_000, maxTraceSteps: 100 };

  /** The trace's result, when it is a success (fails the test otherwise). */
  function traced(outcome: TraceOutcome | null): TracedRun {
    if (outcome?.kind !== 'done' || !outcome.result.ok || !outcome.result.supported) {
      throw new Error(`expected a traced run, got ${JSON.stringify(outcome)}`);
    }
    return outcome.result;
  }

  it('answers with the steps and matches, after a waiting evaluation and a waiting suite', async () => {
    const { client, engine } = setup();
    await ready(client);
    client.submit(request('held:1'));
    await until(() => engine(0).evaluations.length === 1);
    const answer = client.trace(request('abc'), BUDGETS);
    client.submitSuite(suite('abc', ['abc']));
    const newest = client.submit(request('ab'));
    engine(0).release();

    const run = traced(await answer);
    // The fake takes one step per start position of 'say abc, abc' (12 characters, 13 positions).
    expect(run.steps).toBe(13);
    expect(run.matches?.length).toBe(2);
    expect(run.matches?.span16(1)).toEqual([9, 12]);
    expect(run.matchSteps).toEqual([5, 5]);
    expect(run.trace.count).toBe(13);
    expect(run.trace.at(4)).toMatchObject({ op: 'LITERAL', pos16: 4, backtrack: false });
    expect(engine(0).traces).toEqual([{ request: request('abc'), budgets: BUDGETS }]);
    expect(engine(0).evaluations.map((r) => r.pattern)).toEqual(['held:1', 'ab']);
    expect(engine(0).suites).toHaveLength(1);
    expect(outcome(client)).toMatchObject({ kind: 'done', id: newest });
    expect(client.state.kind).toBe('ready');
  });

  it('latest wins per channel: a newer trace of a channel drops the waiting one; other channels stay', async () => {
    const { client, engine } = setup();
    await ready(client);
    client.submit(request('held:1'));
    await until(() => engine(0).evaluations.length === 1);
    const older = client.trace(request('a'), { ...BUDGETS, channel: 'counts' });
    const newer = client.trace(request('ab'), { ...BUDGETS, channel: 'counts' });
    const other = client.trace(request('abc'), { ...BUDGETS, channel: 'debugger' });
    expect(client.busy).toBe(true);
    expect(await older).toBeNull();
    engine(0).release();

    expect(traced(await newer).matches?.value(0)).toBe('ab');
    expect(traced(await other).matches?.value(0)).toBe('abc');
    expect(engine(0).traces.map((t) => t.request.pattern)).toEqual(['ab', 'abc']);
    await until(() => !client.busy, 'idle');
  });

  it('says when the run in the worker is a background trace', async () => {
    const { client, engine } = setup();
    await ready(client);
    const quiet = client.trace(request('held:a'), { ...BUDGETS, background: true });
    await until(() => engine(0).traces.length === 1);
    expect(client.state.kind).toBe('running');
    expect(client.runningInBackground).toBe(true);
    engine(0).release();
    await quiet;
    const asked = client.trace(request('held:b'), BUDGETS);
    await until(() => engine(0).traces.length === 2);
    expect(client.runningInBackground).toBe(false);
    engine(0).release();
    await asked;
    expect(client.runningInBackground).toBe(false);
  });

  it('a trace superseded while it runs resolves null', async () => {
    const { client, engine } = setup();
    await ready(client);
    const older = client.trace(request('held:a'), BUDGETS);
    await until(() => engine(0).traces.length === 1);
    const newer = client.trace(request('abc'), BUDGETS);
    engine(0).release();
    expect(await older).toBeNull();
    expect(traced(await newer).steps).toBe(13);
  });

  it('aborting drops a waiting trace, and interrupts a running one (isolated)', async () => {
    const { client, engine, workers } = setup();
    await ready(client);
    const running = new AbortController();
    const waiting = new AbortController();
    const first = client.trace(request('slow:x'), { ...BUDGETS, signal: running.signal });
    await until(() => engine(0).traces.length === 1);
    const second = client.trace(request('abc'), {
      ...BUDGETS,
      channel: 'other',
      signal: waiting.signal,
    });
    waiting.abort();
    expect(await second).toBeNull();
    running.abort();
    expect(await first).toBeNull();
    await ready(client);
    expect(engine(0).traces).toHaveLength(1);
    expect(workers).toHaveLength(1);
    const again = new AbortController();
    again.abort();
    expect(await client.trace(request('abc'), { ...BUDGETS, signal: again.signal })).toBeNull();
  });

  it('an evaluation preempts a running trace at once (isolated); the trace runs again after it', async () => {
    const { client, engine } = setup();
    await ready(client);
    const answer = client.trace(request('held:abc'), BUDGETS);
    await until(() => engine(0).traces.length === 1);
    const id = client.submit(request('abc'));
    expect(Atomics.load(engine(0).interruptBuffer!, 0)).toBe(2);
    engine(0).release(interruptedResult()); // the trace answers the interrupt

    await until(() => client.result !== null, 'the evaluation');
    expect(outcome(client)).toMatchObject({ kind: 'done', id });
    await until(() => engine(0).traces.length === 2, 'the trace again');
    Atomics.store(engine(0).interruptBuffer!, 0, 0);
    engine(0).release();
    expect(traced(await answer).steps).toBe(13);
  });

  it("a suite or the user's own trace preempts a background trace, but not a foreground one", async () => {
    const { client, engine } = setup();
    await ready(client);
    const buffer = engine(0).interruptBuffer!;
    const counting = client.trace(request('held:abc'), {
      ...BUDGETS,
      channel: 'counts',
      background: true,
    });
    await until(() => engine(0).traces.length === 1);
    const debugging = client.trace(request('held:ab'), { ...BUDGETS, channel: 'debugger' });
    expect(Atomics.load(buffer, 0)).toBe(2);
    engine(0).release(interruptedResult());
    // The user's trace runs first; a suite asked meanwhile does not interrupt it.
    await until(() => engine(0).traces.length === 2, "the user's trace");
    expect(engine(0).traces[1]?.request.pattern).toBe('held:ab');
    Atomics.store(buffer, 0, 0);
    client.submitSuite(suite('abc', ['abc']));
    expect(Atomics.load(buffer, 0)).toBe(0);
    engine(0).release();
    const debugged = await debugging;
    expect(debugged?.request.pattern).toBe('held:ab');
    expect(traced(debugged).steps).toBe(13);
    // Then the suite, then the background trace again.
    await until(() => engine(0).traces.length === 3, 'the background trace again');
    expect(engine(0).suites).toHaveLength(1);
    client.submitSuite(suite('ab', ['ab']));
    expect(Atomics.load(buffer, 0)).toBe(2);
    engine(0).release(interruptedResult());
    await until(() => engine(0).traces.length === 4, 'the background trace once more');
    Atomics.store(buffer, 0, 0);
    engine(0).release();
    expect(traced(await counting).steps).toBe(13);
    expect(engine(0).suites).toHaveLength(2);
  });

  it('not isolated: an evaluation waits for the running trace (it cannot be interrupted)', async () => {
    const { client, engine } = setup({ isolated: false });
    await ready(client);
    const answer = client.trace(request('held:abc'), BUDGETS);
    await until(() => engine(0).traces.length === 1);
    client.submit(request('abc'));
    await settle();
    expect(engine(0).evaluations).toHaveLength(0);
    engine(0).release();
    expect(traced(await answer).steps).toBe(13);
    await until(() => client.result !== null, 'the evaluation');
  });

  it('deadline, isolated: a runaway trace is interrupted and resolves stopped; the worker stays', async () => {
    const { client, engine, workers } = setup();
    await ready(client);
    const answer = client.trace(request('slow:(a+)+$'), BUDGETS);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(client.state.kind).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toMatchObject({
      kind: 'stopped',
      request: request('slow:(a+)+$'),
      afterMs: 2_000,
      how: 'interrupt',
      cause: 'deadline',
    });
    await ready(client);
    expect(workers).toHaveLength(1);
    expect(client.result).toBeNull(); // a trace is no evaluation
    const next = client.trace(request('abc'), BUDGETS);
    expect(traced(await next).steps).toBe(13);
    expect(engine(0).traces).toHaveLength(2);
  });

  it('deadline, not isolated: a runaway trace is stopped by a restart; a waiting evaluation runs on the new worker', async () => {
    const { client, engine, workers } = setup({ isolated: false, scripts: [{}, HELD_QUIET] });
    await ready(client);
    const answer = client.trace(request('deaf:(a+)+$'), BUDGETS);
    await vi.advanceTimersByTimeAsync(1_000);
    const id = client.submit(request('abc'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await answer).toMatchObject({ kind: 'stopped', how: 'restart', cause: 'deadline' });
    expect(workers[0]?.terminated).toBe(true);
    expect(client.state).toMatchObject({ kind: 'restarting', reason: 'deadline' });
    engine(1).releaseInit();
    await until(() => client.result !== null, 'result on the new worker');
    expect(outcome(client)).toMatchObject({ kind: 'done', id });
    expect(engine(1).traces).toHaveLength(0);
  });

  it('reports an engine failure as engineError, and a crash as stopped', async () => {
    const { client } = setup();
    await ready(client);
    const crashed = client.trace(request('crash:x'), BUDGETS);
    expect(await crashed).toMatchObject({ kind: 'stopped', how: 'restart', cause: 'crash' });
  });

  it('dispose resolves waiting and running traces with null', async () => {
    const { client, engine } = setup();
    await ready(client);
    const running = client.trace(request('held:x'), BUDGETS);
    await until(() => engine(0).traces.length === 1);
    const waiting = client.trace(request('abc'), { ...BUDGETS, channel: 'other' });
    client.dispose();
    expect(await running).toBeNull();
    expect(await waiting).toBeNull();
    expect(await client.trace(request('abc'), BUDGETS)).toBeNull();
  });
});

describe('ReDoS checks', () => {
  it('answers the verdict after a waiting evaluation, on its own channel beside traces', async () => {
    const { client, engine } = setup();
    await ready(client);
    client.submit(request('held:1'));
    await until(() => engine(0).evaluations.length === 1);
    const check = client.redos({ pattern: '(a+)+$', maxMs: 1500 }, { background: true });
    const trace = client.trace(request('abc'), { maxSteps: 100, maxTraceSteps: 0 });
    engine(0).release();
    const outcome = await check;
    expect(outcome).toMatchObject({ kind: 'done', request: { pattern: '(a+)+$', maxMs: 1500 } });
    if (outcome?.kind === 'done' && !('ok' in outcome.result)) {
      expect(outcome.result.verdict).toBe('exponential');
    } else throw new Error(`expected a verdict, got ${JSON.stringify(outcome)}`);
    expect((await trace)?.kind).toBe('done'); // another channel: not superseded
    expect(engine(0).redosChecks).toEqual([{ pattern: '(a+)+$', maxMs: 1500 }]);
  });

  it('latest wins: a newer check drops the waiting one', async () => {
    const { client, engine } = setup();
    await ready(client);
    client.submit(request('held:1'));
    await until(() => engine(0).evaluations.length === 1);
    const older = client.redos({ pattern: 'a+' });
    const newer = client.redos({ pattern: 'b+' });
    expect(await older).toBeNull();
    engine(0).release();
    expect((await newer)?.kind).toBe('done');
    expect(engine(0).redosChecks.map((r) => r.pattern)).toEqual(['b+']);
  });

  it('an evaluation preempts a running background check (isolated); it runs again after', async () => {
    const { client, engine } = setup();
    await ready(client);
    const check = client.redos({ pattern: 'slow:(a+)+' }, { background: true });
    await until(() => engine(0).redosChecks.length === 1);
    expect(client.runningInBackground).toBe(true);
    const id = client.submit(request('abc'));
    await until(() => client.result !== null, 'the evaluation');
    expect(outcome(client)).toMatchObject({ kind: 'done', id });
    await until(() => engine(0).redosChecks.length === 2, 'the check again');
    client.stop();
    expect(await check).toMatchObject({ kind: 'stopped', how: 'interrupt' });
  });
});
