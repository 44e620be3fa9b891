/**
 * The lifecycle's whole transition table: every sample state × every event (current and stale),
 * with the expected next state, or the very same state object when the event must be ignored.
 */
import { describe, expect, it } from 'vitest';
import type { EngineInfo, LoadProgress } from './contract';
import {
  initialLifecycle,
  lifecycleInfo,
  lifecycleLabel,
  progressLabel,
  transition,
  type Lifecycle,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecycleKind,
} from './lifecycle';

const info: EngineInfo = {
  python: '3.14.2',
  pyodide: '314.0.7',
  pyregex: '0.1.0',
  boot: { from: 'fresh', problem: null },
};
const newInfo: EngineInfo = {
  python: '3.14.2',
  pyodide: '314.0.7',
  pyregex: '0.2.0',
  boot: { from: 'fresh', problem: null },
};
const progress: LoadProgress = {
  label: 'Python runtime',
  file: 'pyodide.asm.wasm',
  loaded: 2_100_000,
  total: 9_600_000,
};

/** One sample per state (and per variant that behaves differently): worker 3, run 7. */
const states = {
  loading: { kind: 'loading', attempt: 3, progress: null },
  loadingAgain: { kind: 'loading', attempt: 3, progress: null, retryOf: 'trap' },
  ready: { kind: 'ready', attempt: 3, info },
  running: { kind: 'running', attempt: 3, info, runId: 7, startedAt: 100 },
  interruptingBuffer: {
    kind: 'interrupting',
    attempt: 3,
    info,
    runId: 7,
    startedAt: 100,
    via: 'buffer',
    cause: 'deadline',
  },
  interruptingTerminate: {
    kind: 'interrupting',
    attempt: 3,
    info,
    runId: 7,
    startedAt: 100,
    via: 'terminate',
    cause: 'user',
  },
  restarting: { kind: 'restarting', attempt: 3, reason: 'deadline', detail: null },
  failedRetryable: { kind: 'failed', attempt: 3, error: 'boom', canRetry: true },
  failedFinal: { kind: 'failed', attempt: 3, error: 'boom', canRetry: false },
} satisfies Record<string, Lifecycle>;

type StateName = keyof typeof states;

/** Every event, once for the current worker/run and once for an older one (stale). */
const events = {
  progress: { type: 'progress', attempt: 3, progress },
  progressStale: { type: 'progress', attempt: 2, progress },
  loaded: { type: 'loaded', attempt: 3, info: newInfo },
  loadedStale: { type: 'loaded', attempt: 2, info: newInfo },
  loadFailed: { type: 'loadFailed', attempt: 3, error: 'no wasm', canRetry: true },
  loadFailedStale: { type: 'loadFailed', attempt: 2, error: 'no wasm', canRetry: true },
  runStarted: { type: 'runStarted', runId: 8, at: 200 },
  runFinished: { type: 'runFinished', runId: 7 },
  runFinishedStale: { type: 'runFinished', runId: 6 },
  deadlineIsolated: { type: 'deadlinePassed', runId: 7, isolated: true },
  deadlineNotIsolated: { type: 'deadlinePassed', runId: 7, isolated: false },
  deadlineStale: { type: 'deadlinePassed', runId: 6, isolated: true },
  stopIsolated: { type: 'stopRequested', runId: 7, isolated: true },
  stopNotIsolated: { type: 'stopRequested', runId: 7, isolated: false },
  stopStale: { type: 'stopRequested', runId: 6, isolated: true },
  graceExpired: { type: 'interruptGraceExpired', runId: 7 },
  graceExpiredStale: { type: 'interruptGraceExpired', runId: 6 },
  crashed: { type: 'workerCrashed', attempt: 3, message: 'oom' },
  crashedStale: { type: 'workerCrashed', attempt: 2, message: 'oom' },
  restartDeadline: { type: 'restart', reason: 'deadline' },
  restartUser: { type: 'restart', reason: 'user', detail: 'Stop' },
  retry: { type: 'retry' },
} satisfies Record<string, LifecycleEvent>;

type EventName = keyof typeof events;

// The samples must cover every state kind and every event type (checked at compile time too).
const ALL_KINDS = {
  loading: true,
  ready: true,
  running: true,
  interrupting: true,
  restarting: true,
  failed: true,
} satisfies Record<LifecycleKind, true>;
const ALL_EVENT_TYPES = {
  progress: true,
  loaded: true,
  loadFailed: true,
  runStarted: true,
  runFinished: true,
  deadlinePassed: true,
  stopRequested: true,
  interruptGraceExpired: true,
  workerCrashed: true,
  restart: true,
  retry: true,
} satisfies Record<LifecycleEventType, true>;

// Targets of the transitions below.
const loadingWithProgress: Lifecycle = { kind: 'loading', attempt: 3, progress };
const loadingAgainWithProgress: Lifecycle = { ...loadingWithProgress, retryOf: 'trap' };
/** A failed start gets one more worker, which knows it is the second try. */
const secondTry = (error: string): Lifecycle => ({
  kind: 'loading',
  attempt: 4,
  progress: null,
  retryOf: error,
});
const readyLoaded: Lifecycle = { kind: 'ready', attempt: 3, info: newInfo };
const readyAgain: Lifecycle = { kind: 'ready', attempt: 3, info };
const failedLoad: Lifecycle = { kind: 'failed', attempt: 3, error: 'no wasm', canRetry: true };
const failedCrash: Lifecycle = { kind: 'failed', attempt: 3, error: 'oom', canRetry: true };
const runningNext: Lifecycle = {
  kind: 'running',
  attempt: 3,
  info,
  runId: 8,
  startedAt: 200,
};
const interrupting = (via: 'buffer' | 'terminate', cause: 'deadline' | 'user'): Lifecycle => ({
  kind: 'interrupting',
  attempt: 3,
  info,
  runId: 7,
  startedAt: 100,
  via,
  cause,
});
const restartingCrash: Lifecycle = {
  kind: 'restarting',
  attempt: 4,
  reason: 'crash',
  detail: 'oom',
};
const restartingDeadline: Lifecycle = {
  kind: 'restarting',
  attempt: 4,
  reason: 'deadline',
  detail: null,
};
const restartingUser: Lifecycle = {
  kind: 'restarting',
  attempt: 4,
  reason: 'user',
  detail: 'Stop',
};
const loadingRetry: Lifecycle = { kind: 'loading', attempt: 4, progress: null };

/** A live worker can always be replaced. */
const restarts = { restartDeadline: restartingDeadline, restartUser: restartingUser };

/**
 * The table. Each row lists the events that change the state; every other event of `events` must
 * leave it untouched (same object). A start that fails (or a worker that crashes before it is
 * ready) is tried once more, then fails instead of looping.
 */
const table: Record<StateName, Partial<Record<EventName, Lifecycle>>> = {
  loading: {
    progress: loadingWithProgress,
    loaded: readyLoaded,
    loadFailed: secondTry('no wasm'),
    crashed: secondTry('oom'),
    ...restarts,
  },
  loadingAgain: {
    progress: loadingAgainWithProgress,
    loaded: readyLoaded,
    loadFailed: failedLoad,
    crashed: failedCrash,
    ...restarts,
  },
  ready: {
    runStarted: runningNext,
    crashed: restartingCrash,
    ...restarts,
  },
  running: {
    runFinished: readyAgain,
    deadlineIsolated: interrupting('buffer', 'deadline'),
    deadlineNotIsolated: interrupting('terminate', 'deadline'),
    stopIsolated: interrupting('buffer', 'user'),
    stopNotIsolated: interrupting('terminate', 'user'),
    crashed: restartingCrash,
    ...restarts,
  },
  interruptingBuffer: {
    runFinished: readyAgain,
    graceExpired: interrupting('terminate', 'deadline'),
    crashed: restartingCrash,
    ...restarts,
  },
  interruptingTerminate: {
    crashed: restartingCrash,
    ...restarts,
  },
  restarting: {
    progress: loadingWithProgress,
    loaded: readyLoaded,
    loadFailed: secondTry('no wasm'),
    crashed: secondTry('oom'),
    ...restarts,
  },
  failedRetryable: {
    retry: loadingRetry,
  },
  failedFinal: {},
};

/** Freezes a sample so a transition that mutates its input fails loudly. */
function frozen<T extends object>(value: T): T {
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) Object.freeze(inner);
  }
  return Object.freeze(value);
}

describe('transition table', () => {
  it('has samples for every state kind and every event type', () => {
    expect(new Set(Object.values(states).map((s) => s.kind))).toEqual(
      new Set(Object.keys(ALL_KINDS)),
    );
    expect(new Set(Object.values(events).map((e) => e.type))).toEqual(
      new Set(Object.keys(ALL_EVENT_TYPES)),
    );
  });

  const cells = (Object.keys(states) as StateName[]).flatMap((stateName) =>
    (Object.keys(events) as EventName[]).map((eventName) => ({ stateName, eventName })),
  );

  it.each(cells)('$stateName + $eventName', ({ stateName, eventName }) => {
    const state = frozen(structuredClone(states[stateName]) as Lifecycle);
    const event = frozen(structuredClone(events[eventName]) as LifecycleEvent);
    const expected = table[stateName][eventName];
    const next = transition(state, event);
    if (expected === undefined) {
      expect(next).toBe(state);
    } else {
      expect(next).not.toBe(state);
      expect(next).toEqual(expected);
    }
  });

  it('rejects an event it does not know (exhaustiveness guard)', () => {
    const bogus = { type: 'teleport' } as unknown as LifecycleEvent;
    expect(() => transition(states.ready, bogus)).toThrow(/Unhandled lifecycle event/);
  });
});

describe('out of memory', () => {
  it('a worker that ran out of memory while serving restarts for that reason', () => {
    for (const serving of ['ready', 'running', 'interruptingBuffer'] as const) {
      const next = transition(states[serving], {
        type: 'workerCrashed',
        attempt: 3,
        message: 'MemoryError',
        outOfMemory: true,
      });
      expect(next).toEqual({
        kind: 'restarting',
        attempt: 4,
        reason: 'memory',
        detail: 'MemoryError',
      });
      expect(lifecycleLabel(next)).toBe('Restarting (the engine ran out of memory)');
    }
  });

  it('one that runs out of memory while starting is tried again, then fails with a retry', () => {
    const crash = { type: 'workerCrashed', message: 'MemoryError', outOfMemory: true } as const;
    const again = transition(states.loading, { ...crash, attempt: 3 });
    expect(again).toEqual(secondTry('MemoryError'));
    expect(transition(again, { ...crash, attempt: 4 })).toEqual({
      kind: 'failed',
      attempt: 4,
      error: 'MemoryError',
      canRetry: true,
    });
  });
});

describe('a failed start', () => {
  it('is tried once more in a new worker; a second failure is final until the user retries', () => {
    let state = initialLifecycle();
    const step = (event: LifecycleEvent): Lifecycle => (state = transition(state, event));
    const trap = 'RuntimeError: Out of bounds memory access';

    step({ type: 'progress', attempt: 1, progress });
    step({ type: 'loadFailed', attempt: 1, error: trap, canRetry: true });
    expect(state).toEqual({ kind: 'loading', attempt: 2, progress: null, retryOf: trap });
    expect(lifecycleLabel(state)).toBe('Loading Python runtime again (the first start failed)…');
    // The first worker's late reports no longer count.
    const second = state;
    expect(step({ type: 'loaded', attempt: 1, info })).toBe(second);

    step({ type: 'progress', attempt: 2, progress });
    expect(state).toMatchObject({ kind: 'loading', attempt: 2, retryOf: trap });
    step({ type: 'loadFailed', attempt: 2, error: 'again', canRetry: true });
    expect(state).toEqual({ kind: 'failed', attempt: 2, error: 'again', canRetry: true });

    // The user's retry starts afresh, with its own second try.
    step({ type: 'retry' });
    expect(state).toEqual({ kind: 'loading', attempt: 3, progress: null });
    step({ type: 'workerCrashed', attempt: 3, message: 'trap' });
    expect(state).toEqual(secondTry('trap'));
    step({ type: 'loaded', attempt: 4, info });
    expect(state).toEqual({ kind: 'ready', attempt: 4, info });
  });

  it('is not tried again when retrying cannot help', () => {
    const next = transition(states.loading, {
      type: 'loadFailed',
      attempt: 3,
      error: 'no Worker',
      canRetry: false,
    });
    expect(next).toEqual({ kind: 'failed', attempt: 3, error: 'no Worker', canRetry: false });
  });
});

describe('late events cannot move the state backwards', () => {
  it('walks a whole life: load, run, runaway, restart, ready, with late events ignored', () => {
    let state = initialLifecycle();
    const step = (event: LifecycleEvent): Lifecycle => (state = transition(state, event));

    expect(state).toEqual({ kind: 'loading', attempt: 1, progress: null });
    step({ type: 'progress', attempt: 1, progress });
    step({ type: 'loaded', attempt: 1, info });
    expect(state.kind).toBe('ready');

    // A progress report that arrives after loading finished is ignored.
    const ready = state;
    expect(step({ type: 'progress', attempt: 1, progress })).toBe(ready);

    step({ type: 'runStarted', runId: 1, at: 0 });
    step({ type: 'deadlinePassed', runId: 1, isolated: true });
    step({ type: 'interruptGraceExpired', runId: 1 });
    expect(state).toMatchObject({ kind: 'interrupting', via: 'terminate' });
    step({ type: 'restart', reason: 'deadline' });
    expect(state).toEqual({ kind: 'restarting', attempt: 2, reason: 'deadline', detail: null });

    // The old worker's answers and reports no longer count.
    const restarting = state;
    expect(step({ type: 'runFinished', runId: 1 })).toBe(restarting);
    expect(step({ type: 'loaded', attempt: 1, info })).toBe(restarting);
    expect(step({ type: 'workerCrashed', attempt: 1, message: 'late' })).toBe(restarting);

    step({ type: 'progress', attempt: 2, progress });
    step({ type: 'loaded', attempt: 2, info: newInfo });
    expect(state).toEqual({ kind: 'ready', attempt: 2, info: newInfo });

    step({ type: 'runStarted', runId: 2, at: 5000 });
    const running = state;
    expect(step({ type: 'runFinished', runId: 1 })).toBe(running);
    expect(step({ type: 'deadlinePassed', runId: 1, isolated: true })).toBe(running);
    step({ type: 'runFinished', runId: 2 });
    expect(state).toEqual({ kind: 'ready', attempt: 2, info: newInfo });
  });
});

describe('labels', () => {
  const label = (name: StateName) => lifecycleLabel(states[name]);

  it('names every state for the status line', () => {
    expect(label('loading')).toBe('Loading Python runtime…');
    expect(lifecycleLabel(loadingWithProgress)).toBe('Loading Python runtime 2.1 / 9.6 MB');
    expect(label('ready')).toBe('Ready');
    expect(label('running')).toBe('Running…');
    expect(label('interruptingBuffer')).toBe('Stopping…');
    expect(label('interruptingTerminate')).toBe('Stopping…');
    expect(label('restarting')).toBe('Restarting (stopped a runaway pattern)');
    expect(lifecycleLabel(restartingCrash)).toBe('Restarting (the engine crashed)');
    expect(lifecycleLabel(restartingUser)).toBe('Restarting (stopped by you)');
    expect(label('failedRetryable')).toBe('Failed: boom');
  });

  it('shows bytes so far alone when the total is unknown', () => {
    expect(progressLabel({ ...progress, loaded: 2_100_000, total: null })).toBe(
      'Python runtime 2.1 MB',
    );
  });

  it('counts small files in kB', () => {
    expect(
      progressLabel({ ...progress, label: 'Package index', loaded: 12_345, total: 119_077 }),
    ).toBe('Package index 12 / 119 kB');
    expect(progressLabel({ ...progress, label: 'pyregex package', loaded: 800, total: null })).toBe(
      'pyregex package 1 kB',
    );
  });

  it('says the runtime is starting once a file is complete', () => {
    expect(progressLabel({ ...progress, loaded: 9_598_218, total: 9_598_218 })).toBe(
      'Python runtime 9.6 MB, starting…',
    );
    expect(
      lifecycleLabel({ kind: 'loading', attempt: 1, progress: { ...progress, loaded: 9_600_000 } }),
    ).toBe('Loading Python runtime 9.6 MB, starting…');
  });

  it('has engine info exactly while a worker is initialised', () => {
    const withInfo = (Object.keys(states) as StateName[]).filter(
      (name) => lifecycleInfo(states[name]) !== null,
    );
    expect(withInfo).toEqual(['ready', 'running', 'interruptingBuffer', 'interruptingTerminate']);
    expect(lifecycleInfo(states.running)).toBe(info);
  });
});
