/**
 * The result of one trace as the page uses it: the engine's JSON result, with its steps as a
 * TraceSteps view over the packed ints and its matches as a MatchTable (as an evaluation's are).
 * This is where the worker's wire form (TraceAnswer) becomes what the debugger and the step counts
 * read.
 */
import type {
  ErrorResult,
  EvaluateRequest,
  TraceAnswer,
  TraceSuccess,
  TraceUnsupported,
} from './contract';
import { MatchTable } from './matchTable';
import { TraceSteps } from './traceSteps';

/** A trace that ran: its steps a view over the packed block, its matches a table (or null). */
export type TracedRun = Omit<TraceSuccess, 'trace' | 'matches'> & {
  /** The first `maxTraceSteps` steps (empty for a steps-only trace). */
  trace: TraceSteps;
  /** The matches, over the request's text; null when the step budget ran out. */
  matches: MatchTable | null;
};

export type Trace = TracedRun | TraceUnsupported | ErrorResult;

/** The trace `answer` gives for `request` (whose text the match offsets index). */
export function traceOf(answer: TraceAnswer, request: EvaluateRequest): Trace {
  if (!answer.result.ok || !answer.result.supported) return answer.result;
  const { packedSteps, ...result } = answer.result;
  const trace =
    packedSteps === undefined || packedSteps.count === 0
      ? TraceSteps.fromSteps(result.trace)
      : TraceSteps.fromPacked(packedSteps, answer.data);
  const packed = answer.packedMatches;
  const matches =
    result.matches === null
      ? null
      : packed !== undefined
        ? MatchTable.fromPacked(packed.layout, packed.data, request.text, packed.groupNames)
        : MatchTable.fromMatches(result.matches, request.text);
  return { ...result, trace, matches };
}
