/**
 * The page's engines, one per CPython version (runtimes.ts), each an EngineClient with its own
 * worker, lifecycle, interrupts and deadline. The page talks to `current` (the chosen version);
 * Compare asks `client(key)` of every version. A version's engine is made the first time it is
 * asked for, and engines left idle are let go when the pool holds more than its memory budget.
 *
 * It must stay a pool of clients: the lifecycle, deadlines and restarts live in EngineClient.
 */
import { EngineClient } from './engineClient.svelte';
import { DEFAULT_RUNTIME, isRuntimeKey, RUNTIMES, type RuntimeKey } from './runtimes';

export interface EnginePoolOptions {
  /** Makes the engine of one version (its own worker factory, asset URLs, deadline…). */
  createClient: (key: RuntimeKey) => EngineClient;
  /** The version chosen first (an engine for it may already exist: see `adopt`). */
  initial?: RuntimeKey;
}

export class EnginePool {
  readonly #createClient: (key: RuntimeKey) => EngineClient;
  readonly #clients = new Map<RuntimeKey, EngineClient>();
  #selected = $state<RuntimeKey>(DEFAULT_RUNTIME);
  /** Bumped whenever a client is made or let go, so `$derived` readers of `loaded` update. */
  #generation = $state(0);

  constructor(options: EnginePoolOptions) {
    this.#createClient = options.createClient;
    if (options.initial !== undefined && isRuntimeKey(options.initial)) {
      this.#selected = options.initial;
    }
  }

  /** Hands the pool an engine made before it (engineStart.ts starts the first one early). */
  adopt(key: RuntimeKey, client: EngineClient): void {
    this.#clients.get(key)?.dispose();
    this.#clients.set(key, client);
    this.#generation++;
  }

  /** Every version this build ships, in order. */
  get runtimes() {
    return RUNTIMES;
  }

  /** The chosen version. */
  get selected(): RuntimeKey {
    return this.#selected;
  }

  /** The chosen version's engine (made, and so booted, on first use). */
  get current(): EngineClient {
    return this.client(this.#selected);
  }

  /** Chooses the version the page runs; unknown keys are ignored. */
  select(key: RuntimeKey): void {
    if (!isRuntimeKey(key) || key === this.#selected) return;
    this.#selected = key;
    this.client(key);
  }

  /** The engine of one version, made (and booted) the first time it is asked for. */
  client(key: RuntimeKey): EngineClient {
    let client = this.#clients.get(key);
    if (client === undefined) {
      client = this.#createClient(key);
      this.#clients.set(key, client);
      this.#generation++;
    }
    return client;
  }

  /** Whether an engine of this version exists now (booting or ready), without making one. */
  loaded(key: RuntimeKey): boolean {
    void this.#generation;
    return this.#clients.has(key);
  }

  dispose(): void {
    for (const client of this.#clients.values()) client.dispose();
    this.#clients.clear();
    this.#generation++;
  }
}
