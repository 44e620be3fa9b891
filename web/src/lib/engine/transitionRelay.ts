/**
 * Passes the engines' lifecycle transitions, each with the CPython version whose engine made it,
 * to one listener that arrives later: the first engine starts before the page that reports its
 * transitions exists (web/src/engineStart.ts), so the ones made meanwhile are held, handed over in
 * order when the listener comes, and passed on as they happen from then on.
 */
import type { EngineClientOptions } from './engineClient.svelte';
import type { RuntimeKey } from './runtimes';

type ClientTransition = Parameters<NonNullable<EngineClientOptions['onTransition']>>;

/** One engine's transition, told with its version: the pool runs one engine per version. */
export type TransitionListener = (runtime: RuntimeKey, ...transition: ClientTransition) => void;

export class TransitionRelay {
  #held: Array<Parameters<TransitionListener>> = [];
  #listener: TransitionListener | null = null;

  /** Chained to each engine's `onTransition`, with the engine's version first. */
  readonly send: TransitionListener = (...transition) => {
    if (this.#listener === null) this.#held.push(transition);
    else this.#listener(...transition);
  };

  /** Hands `listener` the held transitions, then each new one; returns the remover. */
  listen(listener: TransitionListener): () => void {
    if (this.#listener !== null) throw new Error('The engine transitions already have a listener.');
    this.#listener = listener;
    for (const transition of this.#held.splice(0)) listener(...transition);
    return () => {
      if (this.#listener === listener) this.#listener = null;
    };
  }
}
