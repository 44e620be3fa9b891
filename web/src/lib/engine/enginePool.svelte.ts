/**
 * The page's engines, one per CPython version (runtimes.ts), each an EngineClient with its own
 * worker, lifecycle, interrupts and deadline. The page talks to `current` (the chosen version);
 * Compare asks `client(key)` of every version. A version's engine is made the first time it is
 * asked for, and engines left idle are let go when the pool holds more than its memory budget.
 *
 * The budget (DEFAULT_POOL_BUDGET_BYTES, 256 MiB of WebAssembly memory): a booted engine holds
 * 20–40 MB, so all five versions stay loaded after a Compare and switching back is instant; an
 * engine that a big run grew (memory never shrinks) pushes the pool over, and then the idle engines
 * used longest ago go first. The selected engine, and one that is busy (a run in it or waiting,
 * see EngineClient.busy), are never let go. An engine that has not reported its memory yet (still
 * booting) counts as UNMEASURED_ENGINE_BYTES.
 *
 * It must stay a pool of clients: the lifecycle, deadlines and restarts live in EngineClient. Ask
 * `client(key)` each time rather than keeping a client: a let-go client is disposed.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { EngineClient, EngineClientOptions } from './engineClient.svelte';
import { DEFAULT_RUNTIME, isRuntimeKey, RUNTIMES, type RuntimeKey } from './runtimes';

/** What the pool may hold in WebAssembly memory across its engines before it lets idle ones go. */
export const DEFAULT_POOL_BUDGET_BYTES = 256 * 2 ** 20;

/** What an engine that has not reported its memory yet is taken to hold. */
export const UNMEASURED_ENGINE_BYTES = 48 * 2 ** 20;

export type PoolTransitionListener = NonNullable<EngineClientOptions['onTransition']>;

/** What the pool hands each engine it makes: the factory passes it on to the EngineClient. */
export interface PoolClientHooks {
  /** The client's `onTransition` (chain it with any of the factory's own). */
  onTransition: PoolTransitionListener;
}

export interface EnginePoolOptions {
  /** Makes the engine of one version (its own worker factory, asset URLs, deadline…). */
  createClient: (key: RuntimeKey, hooks: PoolClientHooks) => EngineClient;
  /** The version chosen first (an engine for it may already exist: see `adopt`). */
  initial?: RuntimeKey;
  /** Bytes of WebAssembly memory beyond which idle engines are let go. */
  budgetBytes?: number;
}

export class EnginePool {
  /** Bytes of WebAssembly memory beyond which idle engines are let go. */
  readonly budgetBytes: number;
  readonly #createClient: EnginePoolOptions['createClient'];
  /** Reactive, so `loaded` and `current` readers update when an engine is made or let go. */
  readonly #clients = new SvelteMap<RuntimeKey, EngineClient>();
  /** When each engine was last asked for (a counter, not a clock): the least recent goes first. */
  // Not reactive on purpose: nothing shown depends on it, and it changes on every read of a client.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #lastUsed = new Map<RuntimeKey, number>();
  #useCount = 0;
  #selected = $state<RuntimeKey>(DEFAULT_RUNTIME);
  #disposed = false;

  constructor(options: EnginePoolOptions) {
    this.#createClient = options.createClient;
    this.budgetBytes = options.budgetBytes ?? DEFAULT_POOL_BUDGET_BYTES;
    if (options.initial !== undefined && isRuntimeKey(options.initial)) {
      this.#selected = options.initial;
    }
  }

  /** Hands the pool an engine made before it (engineStart.ts starts the first one early). */
  adopt(key: RuntimeKey, client: EngineClient): void {
    const old = this.#clients.get(key);
    if (old !== client) old?.dispose();
    this.#clients.set(key, client);
    this.#touch(key);
  }

  /** Every version this build ships, in order. */
  get runtimes() {
    return RUNTIMES;
  }

  /** The chosen version. */
  get selected(): RuntimeKey {
    return this.#selected;
  }

  /**
   * The chosen version's engine. `select` makes it, so reading this (in a template, say) normally
   * finds it; only after `dispose` would a read make one.
   */
  get current(): EngineClient {
    return this.#clients.get(this.#selected) ?? this.client(this.#selected);
  }

  /** Chooses the version the page runs, making (and so booting) its engine; unknown keys are ignored. */
  select(key: RuntimeKey): void {
    if (!isRuntimeKey(key) || key === this.#selected) return;
    this.#selected = key;
    this.client(key);
  }

  /** The engine of one version, made (and booted) the first time it is asked for. */
  client(key: RuntimeKey): EngineClient {
    if (!isRuntimeKey(key)) throw new Error(`No Python ${key} in this build.`);
    if (this.#disposed) throw new Error('This EnginePool is disposed.');
    let client = this.#clients.get(key);
    if (client === undefined) {
      client = this.#createClient(key, {
        onTransition: (next) => {
          // A run ended (or a boot did): the pool may now hold more than its budget.
          if (next.kind === 'ready') queueMicrotask(() => this.trim());
        },
      });
      this.#clients.set(key, client);
    }
    this.#touch(key);
    this.trim(key);
    return client;
  }

  /** Whether an engine of this version exists now (booting or ready), without making one. */
  loaded(key: RuntimeKey): boolean {
    return this.#clients.has(key);
  }

  /** The engine of this version if it exists now, without making one or counting as a use. */
  peek(key: RuntimeKey): EngineClient | undefined {
    return this.#clients.get(key);
  }

  /** The versions whose engines exist now, in the order of `runtimes`. */
  get loadedKeys(): RuntimeKey[] {
    return RUNTIMES.map((runtime) => runtime.key).filter((key) => this.#clients.has(key));
  }

  /** WebAssembly memory the pool's engines hold, as they last reported it (see budgetBytes). */
  get memoryBytes(): number {
    let total = 0;
    for (const client of this.#clients.values()) {
      total += client.memoryBytes ?? UNMEASURED_ENGINE_BYTES;
    }
    return total;
  }

  /**
   * Lets idle engines go, least recently used first, until the pool is within its budget. Never
   * the selected one, a busy one, or `keep` (the one being handed out). Runs by itself whenever an
   * engine is asked for or becomes ready.
   */
  trim(keep?: RuntimeKey): void {
    if (this.#disposed) return;
    let total = this.memoryBytes;
    if (total <= this.budgetBytes) return;
    const candidates = [...this.#clients.entries()]
      .filter(([key, client]) => key !== this.#selected && key !== keep && !client.busy)
      .sort(([a], [b]) => (this.#lastUsed.get(a) ?? 0) - (this.#lastUsed.get(b) ?? 0));
    for (const [key, client] of candidates) {
      if (total <= this.budgetBytes) break;
      total -= client.memoryBytes ?? UNMEASURED_ENGINE_BYTES;
      this.#clients.delete(key);
      this.#lastUsed.delete(key);
      client.dispose();
    }
  }

  dispose(): void {
    this.#disposed = true;
    for (const client of this.#clients.values()) client.dispose();
    this.#clients.clear();
    this.#lastUsed.clear();
  }

  #touch(key: RuntimeKey): void {
    this.#lastUsed.set(key, ++this.#useCount);
  }
}
