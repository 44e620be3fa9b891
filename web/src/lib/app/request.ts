/**
 * Turns the user's Session into the EvaluateRequest the engine runs: only the fields the operation
 * uses, so editing the replacement while `finditer` is picked does not start a new run, and the
 * Python snippet shows only what the call takes. Pure: no state, no engine.
 */
import type { EvaluateRequest } from '../engine/contract';
import type { Op, Session } from '../state/session';

/** Operations that take a replacement template and `count`. */
export function replaces(op: Op): boolean {
  return op === 'sub' || op === 'subn';
}

/** The request for `session`; a fresh plain object each call. */
export function buildRequest(session: Session): EvaluateRequest {
  const request: EvaluateRequest = {
    pattern: session.pattern,
    text: session.text,
    op: session.op,
    flags: session.flags,
  };
  if (replaces(session.op)) {
    request.replacement = session.replacement;
    request.count = session.count;
  }
  if (session.op === 'split') request.maxsplit = session.maxsplit;
  return request;
}

/** A key that is equal for two requests exactly when they ask for the same run. */
export function requestKey(request: EvaluateRequest): string {
  return JSON.stringify([
    request.pattern,
    request.text,
    request.op,
    request.flags ?? '',
    request.replacement ?? null,
    request.count ?? null,
    request.maxsplit ?? null,
  ]);
}
