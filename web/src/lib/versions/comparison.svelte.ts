/**
 * "Compare versions": runs the page's request, and its test suite, on every CPython version the
 * pool has (booting those not loaded yet) and holds one row per version, marked where it differs
 * from the selected version. Each version runs on its own engine with its own deadline, so a
 * runaway on one version stops there while the other rows fill in.
 *
 * The selected version's row is the page's own result (the workspace keeps it current): comparing
 * never runs the selected request twice. It knows nothing of the DOM (VersionsPanel shows it).
 */
import { SvelteMap } from 'svelte/reactivity';
import type { EvaluateRequest, Suite } from '../engine/contract';
import type { EngineClient } from '../engine/engineClient.svelte';
import type { RuntimeInfo, RuntimeKey } from '../engine/runtimes';
import { firstDifference, summarizeRun, summarizeSuite, type VersionOutcome } from './outcome';

/** What Compare needs of one version's engine (EngineClient is one). */
export type ComparedEngine = Pick<
  EngineClient,
  'state' | 'result' | 'latestId' | 'suiteResult' | 'latestSuiteId' | 'submit' | 'submitSuite'
>;

/** What Compare needs of the engine pool (EnginePool is one). */
export interface ComparePool {
  readonly runtimes: readonly RuntimeInfo[];
  readonly selected: RuntimeKey;
  client(key: RuntimeKey): ComparedEngine;
  loaded(key: RuntimeKey): boolean;
}

export interface VersionRow {
  runtime: RuntimeInfo;
  selected: boolean;
  /** Whether this version was asked (the selected one always is; see `run`'s onlyLoaded). */
  asked: boolean;
  /** The engine is still starting (downloading or booting): `progress` says how far, 0..1 or null. */
  loading: boolean;
  progress: number | null;
  /** The engine failed to start: why. */
  failed: string | null;
  outcome: VersionOutcome;
  /** How this row differs from the selected version's, or null (same, or not known yet). */
  difference: string | null;
}

/** The ids of what Compare submitted to one version's engine. */
interface Submitted {
  run: number;
  suite: number | null;
}

export class VersionComparison {
  readonly #pool: ComparePool;
  #request: EvaluateRequest | null = null;
  #suite: Suite | null = null;
  readonly #submitted = new SvelteMap<RuntimeKey, Submitted>();
  #hasSuite = $state(false);
  /** Whether the user asked to compare (the region is shown and follows each edit). */
  open = $state(false);

  constructor(pool: ComparePool) {
    this.#pool = pool;
  }

  /**
   * Runs `request` (and `suite`, when it has cases) on every version but the selected one, whose
   * engine the page runs anyway. Called when Compare opens, after each edit while it is open, and
   * when another version is selected. The same objects again change nothing. `onlyLoaded` runs it
   * on the versions whose engine exists already, booting none.
   */
  run(request: EvaluateRequest, suite: Suite | null, { onlyLoaded = false } = {}): void {
    const withCases = suite !== null && suite.tests.length > 0 ? suite : null;
    const submitted = this.#submitted;
    const fresh = request !== this.#request || withCases !== this.#suite;
    for (const runtime of this.#pool.runtimes) {
      if (runtime.key === this.#pool.selected || (!fresh && submitted.has(runtime.key))) continue;
      if (onlyLoaded && !this.#pool.loaded(runtime.key)) continue;
      const client = this.#pool.client(runtime.key);
      submitted.set(runtime.key, {
        run: client.submit(request),
        suite: withCases === null ? null : client.submitSuite(withCases),
      });
    }
    this.#request = request;
    this.#suite = withCases;
    this.#hasSuite = withCases !== null;
  }

  /** One row per version, in version order, each compared with the selected version's row. */
  get rows(): VersionRow[] {
    if (this.#submitted.size === 0) return [];
    const base = this.#selectedOutcome();
    return this.#pool.runtimes.map((runtime) => {
      const selected = runtime.key === this.#pool.selected;
      const outcome = selected ? base : this.#outcomeOf(runtime.key);
      const state = this.#pool.loaded(runtime.key) ? this.#pool.client(runtime.key).state : null;
      const starting = state === null || state.kind === 'loading' || state.kind === 'restarting';
      const progress =
        state?.kind === 'loading' && state.progress !== null && state.progress.total
          ? state.progress.loaded / state.progress.total
          : null;
      return {
        runtime,
        selected,
        asked: selected || this.#submitted.has(runtime.key),
        loading: starting && outcome.run.kind === 'pending',
        progress,
        failed: state?.kind === 'failed' ? state.error : null,
        outcome,
        difference: selected ? null : firstDifference(base, outcome),
      };
    });
  }

  /** Whether every row has its answer (or its engine failed). */
  get settled(): boolean {
    return this.rows.every(
      (row) =>
        row.failed !== null ||
        (row.outcome.run.kind !== 'pending' && row.outcome.suite?.kind !== 'pending'),
    );
  }

  /** The selected version's newest answers, as the page shows them. */
  #selectedOutcome(): VersionOutcome {
    const client = this.#pool.client(this.#pool.selected);
    const result = client.result;
    const suite = client.suiteResult;
    return {
      run: summarizeRun(result !== null && result.id === client.latestId ? result : null),
      suite: summarizeSuite(
        suite !== null && suite.id === client.latestSuiteId ? suite : null,
        this.#hasSuite,
      ),
    };
  }

  /** What another version answered to what Compare submitted to it. */
  #outcomeOf(key: RuntimeKey): VersionOutcome {
    const ids = this.#submitted.get(key);
    if (ids === undefined || !this.#pool.loaded(key)) {
      return { run: { kind: 'pending' }, suite: this.#hasSuite ? { kind: 'pending' } : null };
    }
    const client = this.#pool.client(key);
    const result = client.result;
    const suite = client.suiteResult;
    return {
      run: summarizeRun(result !== null && result.id === ids.run ? result : null),
      suite: summarizeSuite(
        suite !== null && suite.id === ids.suite ? suite : null,
        ids.suite !== null,
      ),
    };
  }
}
