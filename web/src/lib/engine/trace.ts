/**
 * The step debugger's names at the worker boundary that the generated contract does not spell out:
 * the bridge's answer (a TraceResult whose success carries `packedSteps`) and the two budgets a
 * trace takes. Everything else (TraceStep, TraceSuccess, TraceUnsupported, PackedSteps...) comes
 * from contract.generated.ts. Import these through ./contract.ts.
 */
import type { TraceRequest, TraceResult } from './contract.generated';

/**
 * What bridge.trace_json answers as JSON: the result with `trace` left empty; a success carries
 * `packedSteps`, the layout of the steps sent beside it as bytes (see traceSteps.ts).
 */
export type PackedTraceResult = TraceResult;

/** A trace's budgets: stop (truncated) after `maxSteps`, keep the first `maxTraceSteps` steps. */
export type TraceBudgets = Required<Pick<TraceRequest, 'maxSteps' | 'maxTraceSteps'>>;
