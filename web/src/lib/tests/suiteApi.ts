/**
 * The engine's suite calls as the page uses them. EngineClient gains them on the engine branch
 * (`submitSuite`, `suiteResult`, `latestSuiteId`, `suiteToPytest`, and SuiteOutcome exported from
 * engineClient.svelte.ts); until both branches are merged they are described here, with the same
 * names and shapes, so the Workspace and its fake engine are written against them already.
 * Types only.
 */
import type { Suite, SuiteResult } from '../engine/contract';
import type { RestartReason } from '../engine/lifecycle';

/** What became of one submitted suite. `id` is the suite's id from `submitSuite`. */
export type SuiteOutcome =
  | { kind: 'done'; id: number; suite: Suite; result: SuiteResult }
  /**
   * Without cross-origin isolation only: a case ran away and the whole suite was stopped (the
   * worker restarted) after `afterMs`.
   */
  | {
      kind: 'stopped';
      id: number;
      suite: Suite;
      afterMs: number;
      how: 'interrupt' | 'restart';
      cause: RestartReason;
    }
  | { kind: 'engineError'; id: number; suite: Suite; message: string };

export interface SuiteEngine {
  /** The newest suite's outcome (latest wins), or null before the first. */
  readonly suiteResult: SuiteOutcome | null;
  /** The id of the newest suite submitted. */
  readonly latestSuiteId: number;
  /** Runs every case of `suite` in one worker call; returns its id. */
  submitSuite(suite: Suite): number;
  /** The pytest file for `suite`, written by the Python core; null when superseded. */
  suiteToPytest(suite: Suite): Promise<string | null>;
}
