/**
 * The step debugger's data at the worker boundary (issue 16, the lead's trace contract): what
 * `pyregex.trace` answers, as JSON, and how the bridge packs its steps beside it.
 *
 * TEMPORARY hand copy: these shapes are written from the contract document until the core branch
 * (py/pyregex/contract.py) lands; then they come from contract.generated.ts and this module only
 * re-exports them. Import them through ./contract.ts, never from here directly.
 */
import type { ErrorResult, Match, Op, Span } from './contract.generated';

/** One opcode dispatch of CPython's sre virtual machine, as the interpreter ran it. */
export interface TraceStep {
  /** The opcode's name, e.g. "LITERAL" or "REPEAT_ONE" (re._constants.OPCODES). */
  op: string;
  /** [start, end) in UTF-16 units of the pattern construct that emitted the opcode, or null. */
  pattern16: Span | null;
  /** The text position (UTF-16 units) when the opcode was dispatched. */
  pos16: number;
  /** Where (UTF-16 units) the match attempt this step belongs to began. */
  start16: number;
  /** This dispatch resumes matching after a failure (the next alternative, a give-back…). */
  backtrack: boolean;
  /** The capture group the opcode concerns (MARK, GROUPREF…), else null. */
  group: number | null;
}

/** The last step a truncated trace made. */
export interface TraceStoppedAt {
  pos16: number;
  pattern16: Span | null;
}

/** The trace ran (to its end, or until its step budget ran out). */
export interface TraceSuccess {
  ok: true;
  op: Op;
  python: string;
  supported: true;
  /** The step budget ran out: then `matches` and `matchSteps` are null (no result is claimed). */
  truncated: boolean;
  /** Every opcode dispatch, counted the way `_sre` dispatches them. */
  steps: number;
  /** Choice points resumed after a failure. */
  backtracks: number;
  /** The same matches evaluate reports, found by the interpreter; null when truncated. */
  matches: Match[] | null;
  /** Steps spent finding each match (from the end of the previous match's search call). */
  matchSteps: number[] | null;
  /** The first `maxTraceSteps` steps (empty on the wire: the steps travel packed). */
  trace: TraceStep[];
  /** Whether every step is in `trace`. */
  traceComplete: boolean;
  /** The last step when truncated, else null. */
  stoppedAt: TraceStoppedAt | null;
  maxSteps: number;
  maxTraceSteps: number;
}

/** The interpreter cannot run this program (an opcode it does not know): no result is claimed. */
export interface TraceUnsupported {
  ok: true;
  supported: false;
  /** Why, e.g. which opcode. */
  reason: string;
  op?: Op;
  python?: string;
}

export type TraceResult = TraceSuccess | TraceUnsupported | ErrorResult;

/**
 * How the bridge packs the steps: `count` steps of TRACE_STEP_INTS little-endian int32s each,
 * [opNameIndex, pattern16 start (-1: none), pattern16 end (-1), pos16, start16, flags (bit 0:
 * backtrack), group (-1: none)]; `opNames` maps opNameIndex to the opcode's name.
 */
export interface PackedSteps {
  count: number;
  opNames: string[];
}

/** What bridge.trace_json answers as JSON: the result with `trace` empty and the steps' layout. */
export type PackedTraceResult =
  | (TraceSuccess & { packedSteps: PackedSteps })
  | (TraceUnsupported & { packedSteps?: PackedSteps })
  | (ErrorResult & { packedSteps?: PackedSteps });

/** The request the bridge's trace takes: evaluate's request and the two budgets. */
export interface TraceBudgets {
  /** Stop (truncated) after this many steps. */
  maxSteps: number;
  /** Keep at most this many steps (0: count them only). */
  maxTraceSteps: number;
}
