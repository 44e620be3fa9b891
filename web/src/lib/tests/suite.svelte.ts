/**
 * The test suite's run state: after each edit the Workspace hands it the session and its cases; it
 * builds the Suite (cheaply: the same frozen list of cases), sends it after a short pause when it
 * differs from the last one sent (latest wins in the engine), and exposes the verdicts by case,
 * the summary counts, the sentence for a suite that was stopped, and the pytest file when the
 * Code panel asks for it. Cases added "as CPython does now" are recorded here: once their
 * verdicts arrive (`settle`), `onRecorded` is told what each case should expect.
 * It never edits the session itself and touches no DOM.
 */
import { untrack } from 'svelte';
import type { CaseResult, Suite, SuiteResult } from '../engine/contract';
import type { Session, TestCase } from '../state/session';
import { recordedCase } from './cases';
import type { EngineClient, SuiteOutcome } from '../engine/engineClient.svelte';

/** The engine's suite calls (EngineClient's, or the fake's in tests). */
export type SuiteEngine = Pick<
  EngineClient,
  'suiteResult' | 'latestSuiteId' | 'submitSuite' | 'suiteToPytest'
>;
import { buildSuite, casesOf, sameSuite, verdictsByCase } from './suiteRequest';
import { suiteProblem, tally, type Tally, type Verdict } from './verdicts';

export interface SuiteTimings {
  /**
   * Pause after an edit before the suite is sent. Zero: it goes out in a task of its own after the
   * edit, behind the test string's run; the engine client runs only the newest suite once it is
   * free, so fast typing never queues suites up. (60 ms cost every verdict 60 ms in the bench's
   * T1 and saved nothing: p50 79 → 46 ms for 10 cases, 149 → 124 ms for 1 000.)
   */
  suiteDelayMs: number;
  /** Pause before the pytest file is asked for (it is not urgent). */
  pytestDelayMs: number;
}

export const DEFAULT_SUITE_TIMINGS: SuiteTimings = { suiteDelayMs: 0, pytestDelayMs: 150 };

/** A finished suite and the cases (by object) it ran. */
interface Answered {
  id: number;
  suite: Suite;
  verdicts: Map<TestCase, CaseResult>;
  result: SuiteResult;
}

/** Replacements for recorded cases: old case object -> the case expecting what CPython did. */
export type Recorded = Map<TestCase, TestCase>;

export class TestSuite {
  readonly #engine: SuiteEngine;
  readonly #timings: SuiteTimings;
  /** The suite the session stands for now (null without cases). */
  #current = $state.raw<Suite | null>(null);
  /** The suite last sent and its id. */
  #sent: { id: number; suite: Suite } | null = null;
  /**
   * Suites sent and not yet answered, by id: verdicts are matched to this side's own case objects
   * (the engine answers with a copy of the suite).
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #pending = new Map<number, Suite>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pytestTimer: ReturnType<typeof setTimeout> | null = null;
  #wantPytest = false;
  #pytestAsked: Suite | null = null;
  #pytest = $state.raw<{ suite: Suite; code: string } | null>(null);
  /** The newest finished suite of ours; kept (greyed) while a later one runs or is stopped. */
  #answered: Answered | null = null;
  /** Cases waiting for their first verdict, to take CPython's answer as their expectation. */
  // Plain bookkeeping read when a verdict arrives; nothing renders from it directly.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #recording = new Set<TestCase>();
  #recordingCount = $state(0);
  /** Told, once verdicts arrive, what the recorded cases should expect. */
  onRecorded: ((recorded: Recorded) => void) | null = null;
  /** Name -> number of the pattern's named groups, for recording (null when unknown). */
  groupNames: () => Readonly<Record<string, number | undefined>> | null = () => null;

  constructor(engine: SuiteEngine, timings: Partial<SuiteTimings> = {}) {
    this.#engine = engine;
    this.#timings = { ...DEFAULT_SUITE_TIMINGS, ...timings };
  }

  /** The engine's newest outcome when it is for a suite sent from here. */
  get outcome(): SuiteOutcome | null {
    const outcome = this.#engine.suiteResult;
    return outcome !== null && outcome.id === this.#engine.latestSuiteId ? outcome : null;
  }

  /** The newest finished suite, with its verdicts by case (reactive through the engine). */
  readonly #shown: Answered | null = $derived.by(() => {
    const outcome = this.#engine.suiteResult;
    if (outcome?.kind === 'done' && outcome.id !== this.#answered?.id) {
      const suite = this.#pending.get(outcome.id) ?? outcome.suite;
      for (const id of this.#pending.keys()) if (id <= outcome.id) this.#pending.delete(id);
      this.#answered = {
        id: outcome.id,
        suite,
        result: outcome.result,
        verdicts: verdictsByCase(casesOf(suite), outcome.result),
      };
    }
    if (this.#current === null) return null;
    return this.#answered;
  });

  /** The suite the cases' verdicts are for is not the current one (an edit since, or stopped). */
  get stale(): boolean {
    const shown = this.#shown;
    return shown === null || !sameSuite(shown.suite, this.#current) || this.outcome?.kind !== 'done';
  }

  /** True from an edit until its suite's verdicts (or its stop) arrive. */
  get running(): boolean {
    if (this.#current === null) return false;
    const outcome = this.#engine.suiteResult;
    return this.#sent === null || !sameSuite(this.#sent.suite, this.#current) || outcome?.id !== this.#sent.id;
  }

  /** The verdict shown for `testCase` (possibly from an earlier run: see `stale`). */
  verdictOf(testCase: TestCase): CaseResult | undefined {
    return this.#shown?.verdicts.get(testCase);
  }

  /** `testCase`'s status as shown. */
  statusOf(testCase: TestCase): Verdict {
    return this.verdictOf(testCase)?.status ?? 'none';
  }

  /** Counts over the current cases. */
  readonly tally: Tally = $derived.by(() => {
    const tests = this.#current === null ? [] : casesOf(this.#current);
    const shown = this.#shown;
    return tally(tests.map((testCase) => shown?.verdicts.get(testCase)?.status ?? 'none'));
  });

  /** A sentence for the newest suite when it gave no verdicts (stopped, engine error, bad pattern). */
  get problem(): string | null {
    if (this.#current === null) return null;
    return suiteProblem(this.outcome);
  }

  /** The number of cases still waiting to take CPython's answer as their expectation. */
  get recording(): number {
    return this.#recordingCount;
  }

  /** The newest pytest file, for the suite it was written for. */
  get pytest(): { suite: Suite; code: string } | null {
    return this.#pytest;
  }

  /** The current suite (null while there are no cases). */
  get suite(): Suite | null {
    return this.#current;
  }

  /** Follows the session after an edit: sends the suite when it changed. */
  sync(session: Session, tests: readonly TestCase[]): void {
    const next = tests.length === 0 ? null : buildSuite(session, tests);
    if (sameSuite(next, untrack(() => this.#current))) return;
    this.#current = next;
    this.#cancel();
    if (next === null) return;
    if (this.#sent !== null && sameSuite(this.#sent.suite, next)) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.runNow();
    }, this.#timings.suiteDelayMs);
    if (this.#wantPytest) this.#askPytest();
  }

  /** Sends the current suite now, even if it already ran. */
  runNow(): void {
    const suite = untrack(() => this.#current);
    if (suite === null) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const id = this.#engine.submitSuite(suite);
    this.#sent = { id, suite };
    this.#pending.set(id, suite);
    // Superseded suites never answer; keep only the newest few.
    for (const old of this.#pending.keys()) {
      if (this.#pending.size <= 4) break;
      this.#pending.delete(old);
    }
  }

  /** Cases whose expectation should become what CPython does with them. */
  record(cases: Iterable<TestCase>): void {
    for (const testCase of cases) this.#recording.add(testCase);
    this.#recordingCount = this.#recording.size;
  }

  /** Asks for the pytest file from now on (the Code panel shows it), or stops asking. */
  wantPytest(want: boolean): void {
    this.#wantPytest = want;
    if (want) this.#askPytest();
  }

  /**
   * Takes recorded expectations from the newest verdicts, if any case waits for them. The page
   * calls this from an effect on `shown` (reading it subscribes); tests call it directly.
   */
  settle(): void {
    const shown = this.#shown;
    const outcome = this.outcome;
    if (this.#recording.size === 0) return;
    untrack(() => this.#settleRecording(shown, outcome));
  }

  /** Cancels the pending sends (the page is going away). */
  stop(): void {
    this.#cancel();
    if (this.#pytestTimer !== null) clearTimeout(this.#pytestTimer);
    this.#pytestTimer = null;
  }

  #settleRecording(shown: Answered | null, outcome: SuiteOutcome | null): void {
    if (this.#recording.size === 0) return;
    // A message to the host, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const recorded: Recorded = new Map();
    if (shown !== null) {
      const names = this.groupNames();
      for (const testCase of this.#recording) {
        const actual = shown.verdicts.get(testCase)?.actual;
        if (actual === undefined || actual === null) continue;
        recorded.set(testCase, recordedCase(testCase, actual, shown.suite.op, names));
        this.#recording.delete(testCase);
      }
    }
    // A suite that gave no verdicts (stopped, or the pattern does not compile): the cases keep
    // expecting a match rather than wait for ever.
    if (outcome !== null && outcome.kind !== 'done') this.#recording.clear();
    if (outcome?.kind === 'done' && outcome.result.error !== null) this.#recording.clear();
    this.#recordingCount = this.#recording.size;
    if (recorded.size > 0) this.onRecorded?.(recorded);
  }

  #askPytest(): void {
    const suite = untrack(() => this.#current);
    if (suite === null || sameSuite(suite, this.#pytestAsked)) return;
    if (this.#pytestTimer !== null) clearTimeout(this.#pytestTimer);
    this.#pytestTimer = setTimeout(() => {
      this.#pytestTimer = null;
      this.#pytestAsked = suite;
      this.#engine.suiteToPytest(suite).then(
        (code) => {
          if (code !== null) this.#pytest = { suite, code };
        },
        () => {
          // An engine failure shows in the suite's own outcome; the last file stays meanwhile.
          this.#pytestAsked = null;
        },
      );
    }, this.#timings.pytestDelayMs);
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
