/**
 * What went wrong on this page, kept for the Diagnostics panel and its bug report: uncaught errors
 * and rejected promises on the page, and the engine's failures (crashes, failed starts, a saved
 * snapshot that did not restore) with the lifecycle history around them. Nothing leaves the
 * browser unless the user chooses: they copy a bug report (bugReport.ts), or, in a build with an
 * error-report endpoint, turn reports on (errorReporter.svelte.ts, told through `onFailure`).
 *
 * Messages are the browser's and the engine's own; they never include the user's pattern or text
 * (errors from a run are results, not failures, and are not recorded here).
 */
import { bootDescription, pythonVersion } from '../app/engineStatus';
import type { Lifecycle, LifecycleEvent } from '../engine/lifecycle';
import type { RuntimeKey } from '../engine/runtimes';

/** Where a failure happened. */
export type FailureSource = 'page' | 'engine';

export interface Failure {
  /** Date.now() when it was recorded. */
  at: number;
  source: FailureSource;
  /** A short name of what kind of failure, e.g. "uncaught error", "engine crashed". */
  kind: string;
  message: string;
  /** The CPython version whose engine failed (the pool runs one per version); null for the page. */
  runtime: RuntimeKey | null;
}

/** One step of an engine's lifecycle: the state it entered and the event that moved it. */
export interface LifecycleStep {
  at: number;
  /** The CPython version whose engine took the step. */
  runtime: RuntimeKey;
  state: Lifecycle['kind'];
  event: LifecycleEvent['type'];
  /** A few words about the step (the restart reason, a crash message), or null. */
  detail: string | null;
}

/** Where a failure happened, as the panel and the bug report say it: "page", "engine (Python 3.12)". */
export function failurePlace(failure: Failure): string {
  return failure.runtime === null
    ? failure.source
    : `${failure.source} (Python ${failure.runtime})`;
}

/** The most entries of each kind kept; older ones are dropped first. */
export const KEEP = 50;

function pushBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}

function messageOf(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Steps that are routine while running (every run starts and finishes) are not history. */
const ROUTINE: ReadonlySet<LifecycleEvent['type']> = new Set([
  'progress',
  'runStarted',
  'runFinished',
]);

export class Diagnostics {
  failures: Failure[] = $state([]);
  history: LifecycleStep[] = $state([]);
  readonly #now: () => number;
  /** Told of each failure (the error reporter); not page state. */
  #listeners: Array<(failure: Failure) => void> = [];

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  record(source: FailureSource, kind: string, message: string, runtime: RuntimeKey | null = null) {
    const failure: Failure = { at: this.#now(), source, kind, message, runtime };
    pushBounded(this.failures, failure);
    for (const listener of this.#listeners) {
      try {
        listener(failure);
      } catch {
        // A listener (the error reporter) must never turn one failure into another.
      }
    }
  }

  /** Calls `listener` with each failure recorded from now on; returns the way to stop. */
  onFailure(listener: (failure: Failure) => void): () => void {
    this.#listeners = [...this.#listeners, listener];
    return () => {
      this.#listeners = this.#listeners.filter((other) => other !== listener);
    };
  }

  /** Feeds one transition of the engine of `runtime` (EngineClient's onTransition). */
  recordTransition(runtime: RuntimeKey, next: Lifecycle, event: LifecycleEvent): void {
    if (ROUTINE.has(event.type)) return;
    let detail: string | null = null;
    if (event.type === 'workerCrashed') {
      detail = event.message;
      const what = event.outOfMemory ? 'engine ran out of memory' : 'engine crashed';
      this.record('engine', what, event.message, runtime);
    } else if (event.type === 'loadFailed') {
      detail = event.error;
      this.record('engine', 'engine failed to start', event.error, runtime);
    } else if (event.type === 'restart') {
      detail = event.detail ? `${event.reason}: ${event.detail}` : event.reason;
      if (event.reason === 'memory') {
        this.record('engine', 'engine restarted to free memory', event.detail ?? '', runtime);
      }
    } else if (event.type === 'deadlinePassed' || event.type === 'stopRequested') {
      detail = event.isolated ? 'interrupt' : 'terminate';
    } else if (event.type === 'loaded') {
      // The exact CPython and how it booted (the step's runtime names only the minor version).
      const { boot, python } = event.info;
      detail = `Python ${pythonVersion(python)}, ${bootDescription(boot)}`;
      if (boot.problem !== null) {
        this.record('engine', 'saved snapshot unusable', boot.problem, runtime);
      }
    }
    const step = { at: this.#now(), runtime, state: next.kind, event: event.type, detail };
    pushBounded(this.history, step);
  }

  /** Records uncaught errors and unhandled rejections on `target` (the window) until stopped. */
  listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
    const onError = (event: ErrorEvent) => {
      const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
      this.record('page', 'uncaught error', `${messageOf(event.error ?? event.message)}${where}`);
    };
    const onRejection = (event: PromiseRejectionEvent) =>
      this.record('page', 'unhandled rejection', messageOf(event.reason));
    target.addEventListener('error', onError);
    target.addEventListener('unhandledrejection', onRejection);
    return () => {
      target.removeEventListener('error', onError);
      target.removeEventListener('unhandledrejection', onRejection);
    };
  }
}
