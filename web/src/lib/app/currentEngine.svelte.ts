/**
 * The chosen CPython version's engine, as the workspace sees it: one engine whose runs go on across
 * version switches. Every call goes to the pool's current engine; when the user picks another
 * version, the next calls go to that version's engine (made and booted on first use by the pool).
 *
 * Each EngineClient numbers its runs from 1, so this class gives every run (evaluation or suite)
 * an id of its own, increasing across versions, and hands out each engine's outcomes with those
 * ids. Until the newly chosen engine answers, its outcome is the previous engine's last one: with
 * the newer request's id above it, the page greys it as it greys any result a run is on its way to
 * replace, so switching never blanks the results, and an old answer never passes for a new one.
 *
 * It holds no lifecycle, deadline or restart logic (EngineClient's), and chooses no version itself
 * (the workspace asks, from the session).
 */
import type { EvaluateRequest, Suite } from '../engine/contract';
import type { RunOutcome, SuiteOutcome } from '../engine/engineClient.svelte';
import type { Lifecycle } from '../engine/lifecycle';
import type { RuntimeKey } from '../engine/runtimes';
import type { VersionedEngine, WorkspaceEngine } from './workspace.svelte';

/** The engines by version (EnginePool, or a stand-in in tests). */
export interface EngineSource<E extends WorkspaceEngine = WorkspaceEngine> {
  readonly selected: RuntimeKey;
  readonly current: E;
  select(key: RuntimeKey): void;
}

/** One engine's run ids → ours. */
type Ids = Map<number, number>;

/** Ids kept per engine and kind: only the newest runs can still be answered (latest wins). */
const KEPT_IDS = 64;

/** The bookkeeping of one kind of run (evaluations, suites). */
class Runs<O extends { id: number }> {
  latestId = $state(0);
  /** The previous engine's newest outcome, shown until the current engine gives a newer one. */
  carried = $state.raw<O | null>(null);
  // Plain maps written while outcomes are read: nothing renders from them directly.
  readonly #ids = new WeakMap<WorkspaceEngine, Ids>();
  readonly #ours = new WeakMap<O, O>();
  readonly #last = new WeakMap<WorkspaceEngine, O>();

  /** Takes note of `engine`'s run `engineId`; returns our id for it. */
  sent(engine: WorkspaceEngine, engineId: number): number {
    this.latestId += 1;
    let ids = this.#ids.get(engine);
    // Bookkeeping, not state: nothing renders from it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    if (ids === undefined) this.#ids.set(engine, (ids = new Map()));
    ids.set(engineId, this.latestId);
    for (const old of ids.keys()) {
      if (ids.size <= KEPT_IDS) break;
      ids.delete(old);
    }
    return this.latestId;
  }

  /** `engine`'s outcome with our id, or, until it has one of ours, the previous engine's. */
  outcome(engine: WorkspaceEngine, outcome: O | null): O | null {
    const own = this.#own(engine, outcome);
    const carried = this.carried;
    if (own === null) return carried;
    return carried === null || own.id > carried.id ? own : carried;
  }

  #own(engine: WorkspaceEngine, outcome: O | null): O | null {
    if (outcome === null) return null;
    let ours = this.#ours.get(outcome);
    if (ours === undefined) {
      const id = this.#ids.get(engine)?.get(outcome.id);
      // Not a run sent from here (Compare's, say): the last one that was stands.
      if (id === undefined) return this.#last.get(engine) ?? null;
      ours = { ...outcome, id };
      this.#ours.set(outcome, ours);
      this.#last.set(engine, ours);
    }
    return ours;
  }
}

export class CurrentEngine implements VersionedEngine {
  readonly #pool: EngineSource;
  readonly #runs = new Runs<RunOutcome>();
  readonly #suites = new Runs<SuiteOutcome>();
  #deadlineMs: number;

  constructor(pool: EngineSource) {
    this.#pool = pool;
    this.#deadlineMs = pool.current.deadlineMs;
  }

  /** The chosen version. */
  get selected(): RuntimeKey {
    return this.#pool.selected;
  }

  /**
   * Runs everything on `key`'s engine from now on. The current outcomes stay (greyed, as
   * superseded) until that engine answers; the workspace sends it the current request again.
   */
  select(key: RuntimeKey): void {
    if (key === this.#pool.selected) return;
    const result = this.result;
    const suiteResult = this.suiteResult;
    this.#pool.select(key);
    if (this.#pool.selected !== key) return;
    this.#runs.carried = result;
    this.#suites.carried = suiteResult;
    this.#pool.current.deadlineMs = this.#deadlineMs;
  }

  get state(): Lifecycle {
    return this.#pool.current.state;
  }

  get result(): RunOutcome | null {
    const engine = this.#pool.current;
    return this.#runs.outcome(engine, engine.result);
  }

  get latestId(): number {
    return this.#runs.latestId;
  }

  get suiteResult(): SuiteOutcome | null {
    const engine = this.#pool.current;
    return this.#suites.outcome(engine, engine.suiteResult);
  }

  get latestSuiteId(): number {
    return this.#suites.latestId;
  }

  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  set deadlineMs(ms: number) {
    this.#deadlineMs = ms;
    this.#pool.current.deadlineMs = ms;
  }

  submit(request: EvaluateRequest): number {
    const engine = this.#pool.current;
    return this.#runs.sent(engine, engine.submit(request));
  }

  submitSuite(suite: Suite): number {
    const engine = this.#pool.current;
    return this.#suites.sent(engine, engine.submitSuite(suite));
  }

  explain(...args: Parameters<WorkspaceEngine['explain']>): ReturnType<WorkspaceEngine['explain']> {
    return this.#pool.current.explain(...args);
  }

  toPython(request: EvaluateRequest): Promise<string | null> {
    return this.#pool.current.toPython(request);
  }

  suiteToPytest(suite: Suite): Promise<string | null> {
    return this.#pool.current.suiteToPytest(suite);
  }

  /** A trace on the chosen version's engine (its outcome's id is that engine's, not ours). */
  trace(...args: Parameters<WorkspaceEngine['trace']>): ReturnType<WorkspaceEngine['trace']> {
    return this.#pool.current.trace(...args);
  }

  /** A ReDoS check on the chosen version's engine (its parser is the one that counts). */
  redos(...args: Parameters<WorkspaceEngine['redos']>): ReturnType<WorkspaceEngine['redos']> {
    return this.#pool.current.redos(...args);
  }
}
