/**
 * Test helper: a success as the page holds it (matches in a MatchTable), from a result written
 * the way the contract spells it (matches as objects). Test-only.
 */
import type { SuccessResult } from '../contract';
import type { Success } from '../evaluation';
import { MatchTable } from '../matchTable';

/** `result` with its matches in a table over `text` (which their spans index). */
export function tableSuccess(result: SuccessResult, text: string): Success {
  return { ...result, matches: MatchTable.fromMatches(result.matches, text) };
}
