/**
 * The result of one evaluation as the page uses it: the engine's JSON result, with its matches as
 * a MatchTable over the packed offsets instead of a list of objects. This is where the worker's
 * wire form (EvaluateAnswer) becomes what the rest of the page reads.
 */
import type { ErrorResult, EvaluateAnswer, EvaluateRequest, SuccessResult } from './contract';
import { MatchTable } from './matchTable';

/** A success whose matches are a table over the request's text. */
export type Success = Omit<SuccessResult, 'matches'> & { matches: MatchTable };

export type Evaluation = Success | ErrorResult;

/** The evaluation `answer` gives for `request` (whose text the packed offsets index). */
export function evaluationOf(answer: EvaluateAnswer, request: EvaluateRequest): Evaluation {
  const { result, packed } = answer.evaluation;
  if (!result.ok) return result;
  const matches =
    packed === null
      ? MatchTable.fromMatches(result.matches, request.text)
      : MatchTable.fromPacked(packed, answer.data, request.text, result.groupNames);
  return { ...result, matches };
}
