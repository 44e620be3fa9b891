/**
 * The steps of one trace, read from the packed int32 block the engine sends (PackedSteps in the
 * contract: TRACE_STEP_INTS ints per step), never all turned into objects: a full trace holds up to
 * 100 000 steps, and the debugger shows one at a time. `at(i)` builds the step it is asked for;
 * the scans the debugger's buttons need (the next backtrack, the next match attempt, the next step
 * in a part of the pattern) read the ints directly.
 *
 * Pure data: no Svelte, no DOM, no engine.
 */
import type { PackedSteps, Span, TraceStep } from './contract';

/** Int32s per packed step. */
export const TRACE_STEP_INTS = 7;

/** Offsets of the fields inside one packed step. */
const OP = 0;
const PATTERN_START = 1;
const PATTERN_END = 2;
const POS = 3;
const START = 4;
const FLAGS = 5;
const GROUP = 6;
/** FLAGS bit 0: the step resumes matching after a failure. */
const BACKTRACK_BIT = 1;

export class TraceSteps {
  /** No steps (a steps-only trace, an error, an unsupported program). */
  static readonly EMPTY = new TraceSteps(new Int32Array(0), []);

  readonly #ints: Int32Array;
  readonly #opNames: readonly string[];

  /** How many steps the view holds (the trace's first ones: see TraceSuccess.traceComplete). */
  readonly count: number;

  private constructor(ints: Int32Array, opNames: readonly string[]) {
    this.#ints = ints;
    this.#opNames = opNames;
    this.count = ints.length / TRACE_STEP_INTS;
  }

  /** Reads the engine's packed steps (`data`, laid out as `layout` says). */
  static fromPacked(layout: PackedSteps, data: ArrayBuffer): TraceSteps {
    const needed = layout.count * TRACE_STEP_INTS;
    if (data.byteLength !== needed * 4) {
      throw new Error(`packed steps: expected ${needed} ints, got ${data.byteLength / 4}`);
    }
    const ints = new Int32Array(data);
    for (let i = OP; i < ints.length; i += TRACE_STEP_INTS) {
      const op = ints[i]!;
      if (op < 0 || op >= layout.opNames.length) {
        throw new Error(`packed steps: step ${i / TRACE_STEP_INTS} names opcode ${op}`);
      }
    }
    return new TraceSteps(ints, layout.opNames);
  }

  /** A view over step objects (fakes and tests). */
  static fromSteps(steps: readonly TraceStep[]): TraceSteps {
    const opNames: string[] = [];
    const indexOf = new Map<string, number>();
    const ints = new Int32Array(steps.length * TRACE_STEP_INTS);
    steps.forEach((step, i) => {
      let op = indexOf.get(step.op);
      if (op === undefined) {
        op = opNames.push(step.op) - 1;
        indexOf.set(step.op, op);
      }
      const [start, end] = step.pattern16 ?? [-1, -1];
      ints.set(
        [
          op,
          start,
          end,
          step.pos16,
          step.start16,
          step.backtrack ? BACKTRACK_BIT : 0,
          step.group ?? -1,
        ],
        i * TRACE_STEP_INTS,
      );
    });
    return new TraceSteps(ints, opNames);
  }

  /** Step `i` as the contract's object (built on demand), or undefined past the end. */
  at(i: number): TraceStep | undefined {
    if (!this.#has(i)) return undefined;
    return {
      op: this.op(i),
      pattern16: this.pattern16(i),
      pos16: this.pos16(i),
      start16: this.start16(i),
      backtrack: this.backtrack(i),
      group: this.group(i),
    };
  }

  /** Step `i`'s opcode name. */
  op(i: number): string {
    return this.#opNames[this.#int(i, OP)]!;
  }

  /** The pattern construct (UTF-16 span) that emitted step `i`'s opcode, or null. */
  pattern16(i: number): Span | null {
    const start = this.#int(i, PATTERN_START);
    return start < 0 ? null : [start, this.#int(i, PATTERN_END)];
  }

  /** The text position (UTF-16) at step `i`. */
  pos16(i: number): number {
    return this.#int(i, POS);
  }

  /** Where (UTF-16) the match attempt of step `i` began. */
  start16(i: number): number {
    return this.#int(i, START);
  }

  /** Whether step `i` resumes matching after a failure. */
  backtrack(i: number): boolean {
    return (this.#int(i, FLAGS) & BACKTRACK_BIT) !== 0;
  }

  /** The capture group step `i`'s opcode concerns, or null. */
  group(i: number): number | null {
    const group = this.#int(i, GROUP);
    return group < 0 ? null : group;
  }

  /** The first backtracking step after step `from` (-1: from the start), or null if none. */
  nextBacktrack(from: number): number | null {
    for (let i = Math.max(from + 1, 0); i < this.count; i++) {
      if (this.backtrack(i)) return i;
    }
    return null;
  }

  /** The last backtracking step before step `from`, or null if none. */
  previousBacktrack(from: number): number | null {
    for (let i = Math.min(from, this.count) - 1; i >= 0; i--) {
      if (this.backtrack(i)) return i;
    }
    return null;
  }

  /**
   * The first step of the match attempt after step `from`'s (the first later step that starts
   * from another text position), or null if none. An attempt that starts where the one before
   * started (after an empty match) counts as the same attempt.
   */
  nextAttempt(from: number): number | null {
    const start = from < 0 ? null : this.start16(Math.min(from, this.count - 1));
    for (let i = Math.max(from + 1, 0); i < this.count; i++) {
      if (this.start16(i) !== start) return i;
    }
    return null;
  }

  /** The first step of the attempt that step `i` belongs to. */
  attemptStart(i: number): number {
    const at = Math.min(Math.max(i, 0), this.count - 1);
    const start = this.start16(at);
    let first = at;
    while (first > 0 && this.start16(first - 1) === start) first--;
    return first;
  }

  /** The first step of the attempt before step `from`'s, or null if `from` is in the first. */
  previousAttempt(from: number): number | null {
    if (this.count === 0) return null;
    const current = this.attemptStart(from);
    return current === 0 ? null : this.attemptStart(current - 1);
  }

  /**
   * The first step after `from` whose pattern construct overlaps `span` (UTF-16, half-open; an
   * empty span matches a construct that contains its position), or null: a breakpoint on a part
   * of the pattern.
   */
  nextInPattern(from: number, span: Span): number | null {
    for (let i = Math.max(from + 1, 0); i < this.count; i++) {
      const start = this.#int(i, PATTERN_START);
      if (start < 0) continue;
      if (overlaps(start, this.#int(i, PATTERN_END), span)) return i;
    }
    return null;
  }

  #has(i: number): boolean {
    return Number.isInteger(i) && i >= 0 && i < this.count;
  }

  #int(i: number, field: number): number {
    if (!this.#has(i)) throw new RangeError(`no step ${i} (the trace holds ${this.count})`);
    return this.#ints[i * TRACE_STEP_INTS + field]!;
  }
}

function overlaps(start: number, end: number, [from, to]: Span): boolean {
  if (from === to) return start <= from && from < Math.max(end, start + 1);
  return start < to && from < Math.max(end, start + 1);
}
