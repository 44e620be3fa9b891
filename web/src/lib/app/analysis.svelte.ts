/**
 * What the engine says about the pattern besides running it: the explanation tree (which also
 * colours the pattern editor, and names the effective flags) and the runnable Python snippet. Each
 * is asked for after a short pause in typing; the engine client answers only the newest call
 * (latest wins), and each answer keeps the input it belongs to, so the page can tell a current
 * answer from one about a pattern typed a moment ago. No DOM here.
 */
import type { EvaluateRequest, ExplainNode } from '../engine/contract';
import type { EngineClient, Explanation } from '../engine/engineClient.svelte';

/** An explanation and the pattern and flags it explains. */
export interface Explained {
  pattern: string;
  flags: string;
  result: Explanation;
}

/** A Python snippet and the request it reproduces. */
export interface Snippet {
  request: EvaluateRequest;
  code: string;
}

export class Analysis {
  #explained = $state.raw<Explained | null>(null);
  #snippet = $state.raw<Snippet | null>(null);
  readonly #engine: Pick<EngineClient, 'explain' | 'toPython'>;

  constructor(engine: Pick<EngineClient, 'explain' | 'toPython'>) {
    this.#engine = engine;
  }

  /** The newest explanation the engine gave (possibly for a pattern since edited). */
  get explained(): Explained | null {
    return this.#explained;
  }

  /** The newest snippet the engine gave (possibly for a request since edited). */
  get snippet(): Snippet | null {
    return this.#snippet;
  }

  /** The tree of the newest explanation, or null when there is none or the pattern is invalid. */
  get tree(): ExplainNode | null {
    const result = this.#explained?.result;
    return result?.ok ? result.tree : null;
  }

  /** CPython's effective flag names when the newest explanation is of `pattern` with `flags`. */
  flagsFor(pattern: string, flags: string): readonly string[] | null {
    const explained = this.#explained;
    if (explained === null || explained.pattern !== pattern || explained.flags !== flags) {
      return null;
    }
    return explained.result.ok ? explained.result.flags : null;
  }

  /** Asks for the explanation of `pattern` with `flags`; a newer call supersedes it. */
  async explain(pattern: string, flags: string): Promise<void> {
    try {
      const result = await this.#engine.explain(pattern, flags);
      if (result !== null) this.#explained = { pattern, flags, result };
    } catch {
      // An engine failure shows in the evaluation's outcome; the previous tree stays meanwhile.
    }
  }

  /** Asks for the Python snippet of `request`; a newer call supersedes it. */
  async toPython(request: EvaluateRequest): Promise<void> {
    try {
      const code = await this.#engine.toPython(request);
      if (code !== null) this.#snippet = { request, code };
    } catch {
      // As for explain: the evaluation reports engine trouble.
    }
  }
}
