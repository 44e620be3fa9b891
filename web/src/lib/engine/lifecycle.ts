/**
 * The engine's lifecycle as data: one tagged union of states, each carrying its own payload, and one
 * pure `transition(state, event)`. Events that arrive late (from an older worker, for an older run,
 * or after the state has moved on) return the state unchanged, so nothing can move it backwards.
 * This module must stay pure: no timers, no workers, no DOM, no Svelte. The engine client performs
 * the effects that the states call for.
 */
import type { EngineInfo, LoadProgress } from './contract';

/**
 * Why a worker is being replaced: a run passed its deadline, the worker crashed, the user stopped
 * a run, or the engine ran out of memory or holds too much of it (see outOfMemory.ts).
 */
export type RestartReason = 'deadline' | 'crash' | 'user' | 'memory';

/** Why a run is being interrupted. */
export type StopCause = 'deadline' | 'user';

/**
 * Every state names the worker it is about with `attempt`, the 1-based count of workers started so
 * far. Events from a worker carry its attempt, so an old worker's late message is recognised and ignored.
 */
export type Lifecycle =
  /**
   * A worker is downloading and starting Pyodide; `progress` is its latest report. `retryOf`: the
   * worker before it failed to start with this error, and this is the one automatic second try.
   */
  | { kind: 'loading'; attempt: number; progress: LoadProgress | null; retryOf?: string }
  /** The engine is idle and can run. */
  | { kind: 'ready'; attempt: number; info: EngineInfo }
  /**
   * Run `runId` (an evaluation or a test suite: the worker runs one at a time, and run ids are
   * unique across both) is in the worker since `startedAt` (ms, the client's clock).
   */
  | { kind: 'running'; attempt: number; info: EngineInfo; runId: number; startedAt: number }
  /**
   * Run `runId` must stop. `buffer`: 2 was written into the interrupt buffer (for a suite, after
   * its stop slot) and the engine should answer shortly (`Interrupted`, or a suite's verdicts with
   * the rest skipped). `terminate`: the worker is being terminated.
   */
  | {
      kind: 'interrupting';
      attempt: number;
      info: EngineInfo;
      runId: number;
      startedAt: number;
      via: 'buffer' | 'terminate';
      cause: StopCause;
    }
  /** The previous worker is gone; worker `attempt` is starting and has not reported yet. */
  | { kind: 'restarting'; attempt: number; reason: RestartReason; detail: string | null }
  /** No worker could start. `canRetry` says whether the retry action makes sense. */
  | { kind: 'failed'; attempt: number; error: string; canRetry: boolean };

export type LifecycleKind = Lifecycle['kind'];

export type LifecycleEvent =
  /** Worker `attempt` reported download progress. */
  | { type: 'progress'; attempt: number; progress: LoadProgress }
  /** Worker `attempt` finished `init`. */
  | { type: 'loaded'; attempt: number; info: EngineInfo }
  /** Worker `attempt` could not start. */
  | { type: 'loadFailed'; attempt: number; error: string; canRetry: boolean }
  /** The client sent run `runId` (an evaluation or a suite) to the worker at time `at`. */
  | { type: 'runStarted'; runId: number; at: number }
  /** Run `runId` answered (a result, `Interrupted`, or an error from the call). */
  | { type: 'runFinished'; runId: number }
  /** Run `runId` is still running at its deadline. */
  | { type: 'deadlinePassed'; runId: number; isolated: boolean }
  /** The user asked to stop run `runId`. */
  | { type: 'stopRequested'; runId: number; isolated: boolean }
  /** The interrupt written for `runId` got no answer within the grace period. */
  | { type: 'interruptGraceExpired'; runId: number }
  /**
   * Worker `attempt` died (crash message, `error` event, or a call rejected with EngineCrashed or
   * EngineOutOfMemory); `outOfMemory` when memory ran out.
   */
  | { type: 'workerCrashed'; attempt: number; message: string; outOfMemory?: boolean }
  /** The current worker is being replaced by a new one. */
  | { type: 'restart'; reason: RestartReason; detail?: string }
  /** The user asked to try loading again after a failure. */
  | { type: 'retry' };

export type LifecycleEventType = LifecycleEvent['type'];

/** The state a new client starts in. */
export function initialLifecycle(): Lifecycle {
  return { kind: 'loading', attempt: 1, progress: null };
}

/** States in which a worker is alive and starting or serving (a crash or restart applies). */
function isLive(state: Lifecycle): state is Exclude<Lifecycle, { kind: 'failed' }> {
  return state.kind !== 'failed';
}

/** The states of a worker that has not finished `init` yet. */
type Starting = Extract<Lifecycle, { kind: 'loading' | 'restarting' }>;

/** States in which the worker `attempt` has not finished `init` yet. */
function isStarting(state: Lifecycle, attempt: number): state is Starting {
  return (state.kind === 'loading' || state.kind === 'restarting') && state.attempt === attempt;
}

/** States that hold a run in the worker. */
function hasRun(
  state: Lifecycle,
  runId: number,
): state is Extract<Lifecycle, { kind: 'running' | 'interrupting' }> {
  return (state.kind === 'running' || state.kind === 'interrupting') && state.runId === runId;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled lifecycle event: ${JSON.stringify(value)}`);
}

/** Whether a starting worker is already the automatic second try of a failed start. */
function isRetry(state: Starting): state is Starting & { kind: 'loading'; retryOf: string } {
  return state.kind === 'loading' && state.retryOf !== undefined;
}

/**
 * Where a start that failed with `error` leads. It is tried once more, in a new worker, before the
 * page gives up: a start can fail by chance (WebKit has trapped with "Out of bounds memory access"
 * inside Pyodide's own start, now and then, and the next start went through). A second failure,
 * or one that retrying cannot help, is final; the user can still retry from there.
 */
function startFailed(state: Starting, error: string, canRetry: boolean): Lifecycle {
  return canRetry && !isRetry(state)
    ? { kind: 'loading', attempt: state.attempt + 1, progress: null, retryOf: error }
    : { kind: 'failed', attempt: state.attempt, error, canRetry };
}

/**
 * The next state after `event`. Returns `state` itself (the same object) when the event does not
 * apply, so callers can tell an ignored event by identity.
 */
export function transition(state: Lifecycle, event: LifecycleEvent): Lifecycle {
  switch (event.type) {
    case 'progress':
      return isStarting(state, event.attempt)
        ? {
            kind: 'loading',
            attempt: state.attempt,
            progress: event.progress,
            ...(isRetry(state) ? { retryOf: state.retryOf } : {}),
          }
        : state;

    case 'loaded':
      return isStarting(state, event.attempt)
        ? { kind: 'ready', attempt: state.attempt, info: event.info }
        : state;

    case 'loadFailed':
      return isStarting(state, event.attempt)
        ? startFailed(state, event.error, event.canRetry)
        : state;

    case 'runStarted':
      return state.kind === 'ready'
        ? {
            kind: 'running',
            attempt: state.attempt,
            info: state.info,
            runId: event.runId,
            startedAt: event.at,
          }
        : state;

    case 'runFinished':
      // Once the worker is being terminated its answer no longer counts.
      if (!hasRun(state, event.runId)) return state;
      if (state.kind === 'interrupting' && state.via === 'terminate') return state;
      return { kind: 'ready', attempt: state.attempt, info: state.info };

    case 'deadlinePassed':
    case 'stopRequested':
      if (state.kind !== 'running' || state.runId !== event.runId) return state;
      return {
        kind: 'interrupting',
        attempt: state.attempt,
        info: state.info,
        runId: state.runId,
        startedAt: state.startedAt,
        via: event.isolated ? 'buffer' : 'terminate',
        cause: event.type === 'deadlinePassed' ? 'deadline' : 'user',
      };

    case 'interruptGraceExpired':
      return state.kind === 'interrupting' && state.via === 'buffer' && state.runId === event.runId
        ? { ...state, via: 'terminate' }
        : state;

    case 'workerCrashed':
      if (!isLive(state) || state.attempt !== event.attempt) return state;
      // A worker that crashes before it is ready gets one more try, like a failed start.
      if (state.kind === 'loading' || state.kind === 'restarting') {
        return startFailed(state, event.message, true);
      }
      return {
        kind: 'restarting',
        attempt: state.attempt + 1,
        reason: event.outOfMemory ? 'memory' : 'crash',
        detail: event.message,
      };

    case 'restart':
      return isLive(state)
        ? {
            kind: 'restarting',
            attempt: state.attempt + 1,
            reason: event.reason,
            detail: event.detail ?? null,
          }
        : state;

    case 'retry':
      return state.kind === 'failed' && state.canRetry
        ? { kind: 'loading', attempt: state.attempt + 1, progress: null }
        : state;

    default:
      return assertNever(event);
  }
}

/** Byte counts in one unit picked from the larger number: "2.1 / 9.6 MB", "12 / 119 kB". */
function byteCounts(loaded: number, total: number | null): string {
  const big = (total ?? loaded) >= 1_000_000;
  const unit = big ? 'MB' : 'kB';
  const scaled = (bytes: number): string =>
    big ? (bytes / 1_000_000).toFixed(1) : Math.round(bytes / 1_000).toString();
  return total === null
    ? `${scaled(loaded)} ${unit}`
    : `${scaled(loaded)} / ${scaled(total)} ${unit}`;
}

/**
 * One file's progress: "Python runtime 2.1 / 9.6 MB" (or "… 2.1 MB" when the total is unknown).
 * Once the file is complete, Pyodide is busy with it (compiling, unpacking), which can take
 * seconds: "Python runtime 9.6 MB, starting…" says so instead of looking stuck.
 */
export function progressLabel(progress: LoadProgress): string {
  const { label, loaded, total } = progress;
  if (total !== null && loaded >= total) return `${label} ${byteCounts(total, null)}, starting…`;
  return `${label} ${byteCounts(loaded, total)}`;
}

const RESTART_LABELS: Record<RestartReason, string> = {
  deadline: 'Restarting (stopped a runaway pattern)',
  crash: 'Restarting (the engine crashed)',
  user: 'Restarting (stopped by you)',
  memory: 'Restarting (the engine ran out of memory)',
};

/** A short human label for a state, for the page's status line. */
export function lifecycleLabel(state: Lifecycle): string {
  switch (state.kind) {
    case 'loading':
      if (state.progress !== null) return `Loading ${progressLabel(state.progress)}`;
      return state.retryOf === undefined
        ? 'Loading Python runtime…'
        : 'Loading Python runtime again (the first start failed)…';
    case 'ready':
      return 'Ready';
    case 'running':
      return 'Running…';
    case 'interrupting':
      return 'Stopping…';
    case 'restarting':
      return RESTART_LABELS[state.reason];
    case 'failed':
      return `Failed: ${state.error}`;
    default:
      return assertNever(state);
  }
}

/** The engine's versions when a worker is initialised, else null. */
export function lifecycleInfo(state: Lifecycle): EngineInfo | null {
  return state.kind === 'ready' || state.kind === 'running' || state.kind === 'interrupting'
    ? state.info
    : null;
}
