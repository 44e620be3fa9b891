/**
 * StepCounts against the FakeEngine: what it traces after a result, when it aborts, and what each
 * kind of trace outcome makes of the count. No engine and no DOM.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluateRequest, SuccessResult } from '../engine/contract';
import { literalSearch } from '../engine/testing/fakeEngineWorker';
import { tableSuccess } from '../engine/testing/successes';
import { FakeEngine, literalTrace } from './fakeEngine.svelte';
import type { Shown } from './resultView';
import { STEP_COUNT_CHANNEL, StepCounts } from './stepCounts.svelte';

let nextId = 1;

function shownFor(pattern: string, text = 'say abc, abc'): Shown {
  const request: EvaluateRequest = { pattern, text, flags: '', op: 'finditer' };
  const result = literalSearch(request) as SuccessResult;
  return { id: nextId++, request, result: tableSuccess(result, text) };
}

/** Lets the fake's promises settle. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

let counts: StepCounts | null = null;

afterEach(() => {
  counts?.dispose();
  counts = null;
});

function setup(options: { enabled?: boolean; answer?: boolean } = {}) {
  const engine = new FakeEngine();
  if (options.answer !== false) engine.traceAnswer = literalTrace;
  counts = new StepCounts(engine, { maxSteps: 500, enabled: options.enabled ?? true });
  return { engine, counts };
}

describe('StepCounts', () => {
  it('traces each result followed, steps only, on its own channel, and counts each match', async () => {
    const { engine, counts } = setup();
    const shown = shownFor('abc');
    counts.follow(shown);
    expect(engine.traces).toHaveLength(1);
    const [call] = engine.traces;
    expect(call?.request).toBe(shown.request);
    expect(call?.options).toMatchObject({
      maxSteps: 500,
      maxTraceSteps: 0,
      channel: STEP_COUNT_CHANNEL,
      background: true,
    });
    await flush();
    // The fake interpreter takes one step per start position: 13 for 12 characters.
    expect(counts.of(shown)).toEqual({
      kind: 'counted',
      steps: 13,
      backtracks: 11,
      matchSteps: [5, 5],
    });
    expect(counts.matchSteps(shown, 1)).toBe(5);
    expect(counts.matchSteps(shown, 2)).toBeNull();
    expect(counts.of(shownFor('abc'))).toBeNull(); // another result, even of the same request
    counts.follow(shown);
    expect(engine.traces).toHaveLength(1); // the same result is not traced twice
  });

  it('is counting until the trace answers', async () => {
    const { engine, counts } = setup({ answer: false });
    const shown = shownFor('abc');
    counts.follow(shown);
    expect(counts.current).toEqual({ kind: 'counting' });
    expect(counts.matchSteps(shown, 0)).toBeNull();
    engine.finishTrace({
      kind: 'done',
      result: literalTrace(shown.request, engine.traces[0]!.options),
    });
    await flush();
    expect(counts.current?.kind).toBe('counted');
  });

  it('aborts the trace when a newer request exists, and traces the same result again when it is current again', async () => {
    const { engine, counts } = setup({ answer: false });
    const shown = shownFor('abc');
    counts.follow(shown);
    counts.follow(null);
    expect(engine.traces[0]?.settled).toBe(true);
    expect(engine.traces[0]?.options.signal?.aborted).toBe(true);
    expect(counts.current).toBeNull();
    counts.follow(shown);
    expect(engine.traces).toHaveLength(2);
    engine.finishTrace({
      kind: 'done',
      result: literalTrace(shown.request, engine.traces[1]!.options),
    });
    await flush();
    expect(counts.of(shown)?.kind).toBe('counted');
  });

  it('keeps a finished count while a newer request runs (the greyed results keep their figures)', async () => {
    const { counts } = setup();
    const shown = shownFor('abc');
    counts.follow(shown);
    await flush();
    counts.follow(null);
    expect(counts.of(shown)?.kind).toBe('counted');
  });

  it('a newer result aborts the older trace, whose late answer is ignored', async () => {
    const { engine, counts } = setup({ answer: false });
    const older = shownFor('abc');
    const newer = shownFor('ab');
    counts.follow(older);
    counts.follow(newer);
    expect(engine.traces[0]?.options.signal?.aborted).toBe(true);
    engine.finishTrace({
      kind: 'done',
      result: literalTrace(newer.request, engine.traces[1]!.options),
    });
    await flush();
    expect(counts.of(older)).toBeNull();
    expect(counts.of(newer)).toMatchObject({ kind: 'counted', matchSteps: [5, 5] });
  });

  it('says "over" when the budget ran out, with no per-match figures', async () => {
    const { counts } = setup();
    const shown = shownFor('a', 'a'.repeat(600));
    counts.follow(shown);
    await flush();
    expect(counts.of(shown)).toEqual({ kind: 'over', maxSteps: 500 });
    expect(counts.matchSteps(shown, 0)).toBeNull();
  });

  it('knows nothing of a stopped trace, an unsupported program, or an error', async () => {
    const { engine, counts } = setup({ answer: false });
    const stopped = shownFor('abc');
    counts.follow(stopped);
    engine.finishTrace({ kind: 'stopped', afterMs: 2000, how: 'interrupt', cause: 'deadline' });
    await flush();
    expect(counts.of(stopped)).toEqual({ kind: 'unknown', why: 'stopped (deadline)' });

    const unsupported = shownFor('ab');
    counts.follow(unsupported);
    engine.finishTrace({
      kind: 'done',
      result: {
        ok: true,
        op: 'finditer',
        python: '3.14.2',
        supported: false,
        reason: 'opcode FOO',
      },
    });
    await flush();
    expect(counts.of(unsupported)).toEqual({ kind: 'unsupported', reason: 'opcode FOO' });

    const failed = shownFor('a');
    counts.follow(failed);
    engine.finishTrace({ kind: 'engineError', message: 'boom' });
    await flush();
    expect(counts.of(failed)).toEqual({ kind: 'unknown', why: 'boom' });
  });

  it('gives no per-match figures when the trace found other matches than the evaluation', async () => {
    const { engine, counts } = setup({ answer: false });
    const shown = shownFor('abc');
    counts.follow(shown);
    // A trace of another text: its matches stand elsewhere.
    const elsewhere = { ...shown.request, text: 'abc abc' };
    engine.finishTrace({
      kind: 'done',
      result: literalTrace(elsewhere, engine.traces[0]!.options),
    });
    await flush();
    expect(counts.of(shown)).toMatchObject({ kind: 'counted', matchSteps: null });
    expect(counts.matchSteps(shown, 0)).toBeNull();
  });

  it('traces nothing when disabled (the page without cross-origin isolation)', async () => {
    const { engine, counts } = setup({ enabled: false });
    const shown = shownFor('abc');
    counts.follow(shown);
    await flush();
    expect(engine.traces).toHaveLength(0);
    expect(counts.current).toBeNull();
    expect(counts.matchSteps(shown, 0)).toBeNull();
  });
});
