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

/**
 * True when `a` and `b` ask for the same run. Field by field rather than through a serialized key:
 * a key would copy a pasted megabyte of text on every edit.
 */
export function sameRequest(a: EvaluateRequest | null, b: EvaluateRequest | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.pattern === b.pattern &&
    a.op === b.op &&
    (a.flags ?? '') === (b.flags ?? '') &&
    (a.replacement ?? null) === (b.replacement ?? null) &&
    (a.count ?? null) === (b.count ?? null) &&
    (a.maxsplit ?? null) === (b.maxsplit ?? null) &&
    a.text === b.text
  );
}
