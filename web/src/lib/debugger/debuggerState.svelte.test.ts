import { describe, expect, it } from 'vitest';
import { FakeEngine, literalTrace } from '../app/fakeEngine.svelte';
import type { EvaluateRequest, Match, TraceStep } from '../engine/contract';
import type { TraceOptions, TraceOutcome } from '../engine/engineClient.svelte';
import { MatchTable } from '../engine/matchTable';
import type { TracedRun } from '../engine/tracing';
import { TraceSteps } from '../engine/traceSteps';
import {
  DEBUGGER_CHANNEL,
  DEFAULT_MAX_STEPS,
  DebuggerState,
  firstStepOfMatch,
  MAX_STEPS_CAP,
  MAX_TRACE_STEPS,
  MIN_STEPS,
  type DebugEngine,
  type DebugTimers,
} from './debuggerState.svelte';

/** An engine whose traces the test answers by hand, in any order. */
class ScriptedEngine implements DebugEngine {
  readonly calls: Array<{
    request: EvaluateRequest;
    options: TraceOptions;
    answer: (outcome: TraceOutcome | null) => void;
  }> = [];

  trace(request: EvaluateRequest, options: TraceOptions): Promise<TraceOutcome | null> {
    return new Promise((resolve) => this.calls.push({ request, options, answer: resolve }));
  }

  /** Answers call `i` with `run` and lets the state see it. */
  async finish(i: number, run: TracedRun): Promise<void> {
    const call = this.calls[i]!;
    call.answer({ kind: 'done', id: i + 1, request: call.request, result: run });
    await Promise.resolve();
    await Promise.resolve();
  }
}

/** Timers the test runs by hand. */
class ManualTimers implements DebugTimers {
  running: Array<{ run: () => void; ms: number } | null> = [];
  waiting: Array<{ run: () => void; ms: number } | null> = [];
  setInterval = (run: () => void, ms: number) => this.running.push({ run, ms }) - 1;
  clearInterval = (handle: unknown) => {
    this.running[handle as number] = null;
  };
  setTimeout = (run: () => void, ms: number) => this.waiting.push({ run, ms }) - 1;
  clearTimeout = (handle: unknown) => {
    this.waiting[handle as number] = null;
  };
  /** Runs every timeout still waiting. */
  elapse(): void {
    const due = this.waiting;
    this.waiting = [];
    for (const timer of due) timer?.run();
  }
  tick(times = 1): void {
    for (let n = 0; n < times; n++) for (const timer of this.running) timer?.run();
  }
  get active(): number {
    return this.running.filter((timer) => timer !== null).length;
  }
}

const request = (text = 'xab', pattern = 'a|b'): EvaluateRequest => ({
  pattern,
  text,
  op: 'finditer',
  flags: '',
});

function s(
  op: string,
  pattern16: [number, number] | null,
  pos16: number,
  start16: number,
  backtrack = false,
): TraceStep {
  return { op, pattern16, pos16, start16, backtrack, group: null };
}

/** `a|b` over "xab", by hand: a failed attempt at 0, match [1, 2) at 1, match [2, 3) at 2. */
const STEPS: TraceStep[] = [
  s('BRANCH', [0, 3], 0, 0),
  s('LITERAL', [0, 1], 0, 0),
  s('BRANCH', [0, 3], 0, 0, true),
  s('LITERAL', [2, 3], 0, 0),
  s('BRANCH', [0, 3], 1, 1),
  s('LITERAL', [0, 1], 1, 1),
  s('SUCCESS', null, 2, 1),
  s('BRANCH', [0, 3], 2, 2),
  s('LITERAL', [0, 1], 2, 2),
  s('BRANCH', [0, 3], 2, 2, true),
  s('LITERAL', [2, 3], 2, 2),
  s('SUCCESS', null, 3, 2),
];

function match(from: number, to: number, text: string): Match {
  const value = text.slice(from, to);
  return {
    span: [from, to],
    span16: [from, to],
    groups: [{ index: 0, name: null, span: [from, to], span16: [from, to], value }],
  };
}

function run(partial: Partial<TracedRun> = {}, steps = STEPS): TracedRun {
  const text = 'xab';
  return {
    ok: true,
    op: 'finditer',
    python: '3.14.2',
    supported: true,
    truncated: false,
    steps: steps.length,
    backtracks: steps.filter((step) => step.backtrack).length,
    matches: MatchTable.fromMatches([match(1, 2, text), match(2, 3, text)], text),
    matchSteps: [7, 5],
    trace: TraceSteps.fromSteps(steps),
    traceComplete: true,
    stoppedAt: null,
    maxSteps: DEFAULT_MAX_STEPS,
    maxTraceSteps: MAX_TRACE_STEPS,
    ...partial,
  };
}

async function opened(match: number | null = null) {
  const engine = new ScriptedEngine();
  const timers = new ManualTimers();
  const state = new DebuggerState(engine, { timers });
  state.open(request(), match);
  await engine.finish(0, run());
  return { engine, timers, state };
}

describe('DebuggerState', () => {
  it('asks for a full trace on its own channel when it opens', async () => {
    const engine = new ScriptedEngine();
    const state = new DebuggerState(engine, { timers: new ManualTimers() });
    expect(state.phase.kind).toBe('idle');
    state.open(request());
    expect(state.isOpen).toBe(true);
    expect(state.phase.kind).toBe('loading');
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.request).toEqual(request());
    expect(engine.calls[0]!.options).toMatchObject({
      maxSteps: DEFAULT_MAX_STEPS,
      maxTraceSteps: MAX_TRACE_STEPS,
      channel: DEBUGGER_CHANNEL,
    });
    await engine.finish(0, run());
    expect(state.phase.kind).toBe('ready');
    expect(state.count).toBe(STEPS.length);
    expect(state.index).toBe(0);
    expect(state.step).toEqual(STEPS[0]);
  });

  it('opens at the first step of the attempt that found a match', async () => {
    // Match 0's search begins at step 0, but its failed attempt at 0 comes first: step 4.
    expect((await opened(0)).state.index).toBe(4);
    // Match 1's search begins after match 0's 7 steps, with the attempt that found it.
    expect((await opened(1)).state.index).toBe(7);
  });

  it('moves to a match without tracing again when the request is the same', async () => {
    const { engine, state } = await opened();
    state.open(request(), 1);
    expect(engine.calls).toHaveLength(1);
    expect(state.index).toBe(7);
  });

  it('steps forward and back, to the first and last step, never past either end', async () => {
    const { state } = await opened();
    state.back();
    expect(state.index).toBe(0);
    state.forward();
    state.forward();
    expect(state.index).toBe(2);
    state.last();
    expect(state.index).toBe(STEPS.length - 1);
    state.forward();
    expect(state.index).toBe(STEPS.length - 1);
    state.first();
    expect(state.index).toBe(0);
    state.go(5.4);
    expect(state.index).toBe(5);
    state.go(1000);
    expect(state.index).toBe(STEPS.length - 1);
  });

  it('jumps between backtracks and match attempts', async () => {
    const { state } = await opened();
    expect(state.nextBacktrack()).toBe(true);
    expect(state.index).toBe(2);
    expect(state.nextBacktrack()).toBe(true);
    expect(state.index).toBe(9);
    expect(state.nextBacktrack()).toBe(false);
    expect(state.index).toBe(9);
    expect(state.previousBacktrack()).toBe(true);
    expect(state.index).toBe(2);

    state.first();
    expect(state.nextAttempt()).toBe(true);
    expect(state.index).toBe(4);
    expect(state.step?.start16).toBe(1);
    expect(state.nextAttempt()).toBe(true);
    expect(state.index).toBe(7);
    expect(state.nextAttempt()).toBe(false);
    expect(state.previousAttempt()).toBe(true);
    expect(state.index).toBe(4);
  });

  it('plays at the chosen speed and stops at the last step', async () => {
    const { state, timers } = await opened();
    state.setSpeed(10);
    state.play();
    expect(state.playing).toBe(true);
    expect(timers.running.at(-1)?.ms).toBe(100);
    timers.tick(3);
    expect(state.index).toBe(3);
    state.setSpeed(25);
    expect(timers.active).toBe(1);
    expect(timers.running.at(-1)?.ms).toBe(40);
    timers.tick(100);
    expect(state.index).toBe(STEPS.length - 1);
    expect(state.playing).toBe(false);
    expect(timers.active).toBe(0);
    // Playing again from the end starts over.
    state.toggle();
    expect(state.index).toBe(0);
    state.toggle();
    expect(state.playing).toBe(false);
  });

  it('traces the new request when the page changes while open, showing only the newest', async () => {
    const { engine, state } = await opened();
    state.follow(request('xab'));
    expect(engine.calls).toHaveLength(1);
    state.follow(request('aaa'));
    state.follow(request('bbb'));
    expect(engine.calls).toHaveLength(3);
    expect(engine.calls[1]!.options.signal?.aborted).toBe(true);
    expect(state.phase.kind).toBe('loading');
    // Until the new trace comes, the previous one stays (greyed by the panel).
    expect(state.loading).toBe(true);
    expect(state.run?.trace.count).toBe(STEPS.length);
    // The newest answers first; the older one arriving late is ignored.
    const newest = run({ steps: 2 }, STEPS.slice(0, 2));
    await engine.finish(2, newest);
    await engine.finish(1, run());
    expect(state.run).toBe(newest);
    expect(state.traced?.text).toBe('bbb');
  });

  it('waits for a pause in typing before tracing an edit, when asked to', async () => {
    const engine = new ScriptedEngine();
    const timers = new ManualTimers();
    const state = new DebuggerState(engine, { timers, followDelayMs: 400 });
    state.open(request());
    expect(engine.calls).toHaveLength(1);
    await engine.finish(0, run());
    state.follow(request('a'));
    state.follow(request('aa'));
    expect(engine.calls).toHaveLength(1);
    expect(timers.waiting.filter((timer) => timer !== null)).toHaveLength(1);
    expect(timers.waiting.at(-1)?.ms).toBe(400);
    timers.elapse();
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]!.request.text).toBe('aa');
    // An edit then closing: nothing is traced.
    state.follow(request('aaa'));
    state.close();
    timers.elapse();
    expect(engine.calls).toHaveLength(2);
  });

  it('does not trace while closed, and drops its trace when it closes', async () => {
    const { engine, state } = await opened();
    const signal = engine.calls[0]!.options.signal!;
    state.close();
    expect(state.isOpen).toBe(false);
    expect(state.phase.kind).toBe('idle');
    expect(state.step).toBeNull();
    state.follow(request('other'));
    expect(engine.calls).toHaveLength(1);
    expect(signal.aborted).toBe(false); // it had answered already

    state.open(request('other'));
    state.close();
    expect(engine.calls[1]!.options.signal?.aborted).toBe(true);
  });

  it('raises the step budget tenfold, up to the cap, and traces again', async () => {
    const { engine, state } = await opened();
    expect(state.canRaise).toBe(true);
    state.raiseBudget();
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]!.options.maxSteps).toBe(DEFAULT_MAX_STEPS * 10);
    while (state.canRaise) state.raiseBudget();
    expect(state.maxSteps).toBe(MAX_STEPS_CAP);
    const calls = engine.calls.length;
    state.raiseBudget();
    expect(engine.calls).toHaveLength(calls);
  });

  it('lowers the step budget tenfold, down to the floor, when a trace ran out of time', async () => {
    const { engine, state } = await opened();
    expect(state.canLower).toBe(true);
    state.lowerBudget();
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls[1]!.options.maxSteps).toBe(DEFAULT_MAX_STEPS / 10);
    while (state.canLower) state.lowerBudget();
    expect(state.maxSteps).toBe(MIN_STEPS);
    const calls = engine.calls.length;
    state.lowerBudget();
    expect(engine.calls).toHaveLength(calls);
  });

  it('says why there is no trace', async () => {
    const engine = new ScriptedEngine();
    const state = new DebuggerState(engine, { timers: new ManualTimers() });
    state.open(request('x', '('));
    engine.calls[0]!.answer({
      kind: 'done',
      id: 1,
      request: request('x', '('),
      result: {
        ok: false,
        error: {
          type: 'PatternError',
          message: 'missing ), unterminated subpattern at position 0',
        },
      } as never,
    });
    await Promise.resolve();
    expect(state.phase).toEqual({
      kind: 'failed',
      message: 'No trace: missing ), unterminated subpattern at position 0',
      stopped: false,
    });

    state.follow(request('y', '('));
    engine.calls[1]!.answer({
      kind: 'stopped',
      id: 2,
      request: request('y', '('),
      afterMs: 2000,
      how: 'interrupt',
      cause: 'deadline',
    });
    await Promise.resolve();
    expect(state.phase).toEqual({
      kind: 'failed',
      message: "The trace ran past the page's time limit and was stopped after 2.0 s.",
      stopped: true,
    });
  });
});

describe('DebuggerState.matchFoundAt', () => {
  it('knows which steps end a match search, from the per-match step counts', async () => {
    const { state } = await opened();
    expect(state.matchFoundAt(6)).toBe(0);
    expect(state.matchFoundAt(11)).toBe(1);
    expect(state.matchFoundAt(5)).toBeNull();
    expect(state.matchFoundAt(0)).toBeNull();
  });

  it('cannot tell without step counts', async () => {
    const engine = new ScriptedEngine();
    const state = new DebuggerState(engine, { timers: new ManualTimers() });
    state.open(request());
    await engine.finish(0, run({ matchSteps: null, matches: null, truncated: true }));
    expect(state.matchFoundAt(6)).toBeUndefined();
  });
});

describe('firstStepOfMatch', () => {
  it('has no answer without step counts (a truncated trace) or for a match it does not have', () => {
    expect(firstStepOfMatch(run({ matchSteps: null, matches: null }), 0)).toBeNull();
    expect(firstStepOfMatch(run(), 2)).toBeNull();
    expect(firstStepOfMatch(run(), -1)).toBeNull();
  });

  it('falls back to the start of the search call when no kept step starts at the match', () => {
    // Only the first 5 steps kept: match 1's steps (7..11) are not in the trace.
    const short = run({ traceComplete: false, trace: TraceSteps.fromSteps(STEPS.slice(0, 5)) });
    expect(firstStepOfMatch(short, 1)).toBe(7);
  });
});

describe('DebuggerState while a trace is on its way', () => {
  it('asks once, and opens at the match asked for last when the trace arrives', async () => {
    const engine = new ScriptedEngine();
    const state = new DebuggerState(engine, { timers: new ManualTimers() });
    state.open(request());
    state.open(request(), 1);
    expect(engine.calls).toHaveLength(1);
    await engine.finish(0, run());
    expect(state.index).toBe(7);
  });
});

describe("DebuggerState with the page's fake engine", () => {
  it('opens at a match and raises the budget of a cut trace through the engine contract', async () => {
    const engine = new FakeEngine();
    engine.traceAnswer = literalTrace;
    const state = new DebuggerState(engine, { timers: new ManualTimers() });
    const ab = { pattern: 'ab', text: 'xxabyab', op: 'finditer' as const, flags: '' };

    // The fake's literal search takes one step per start position: match 1 starts at 5.
    state.open(ab, 1);
    await Promise.resolve();
    expect(state.phase.kind).toBe('ready');
    expect(state.run?.matches?.length).toBe(2);
    expect(state.step).toMatchObject({ start16: 5, pos16: 5, backtrack: false });
    expect(engine.traces.at(-1)?.options).toMatchObject({ channel: DEBUGGER_CHANNEL });

    // A budget of 3 steps cuts it at position 2; ten times more is enough.
    state.close();
    state.maxSteps = 3;
    state.open(ab);
    await Promise.resolve();
    expect(state.run?.truncated).toBe(true);
    expect(state.run?.stoppedAt?.pos16).toBe(2);
    state.raiseBudget();
    await Promise.resolve();
    expect(engine.traces.at(-1)?.options.maxSteps).toBe(30);
    expect(state.run?.truncated).toBe(false);
    expect(state.count).toBe(ab.text.length + 1);
  });
});
