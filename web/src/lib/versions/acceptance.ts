/**
 * Which other CPython versions accept a pattern the selected version rejects (or reject one it
 * accepts), from the rows of a comparison: the sentence the error notice adds, e.g. "Python 3.14
 * and 3.15 accept this pattern." It says only what was run, and names the versions not checked.
 */
import type { EvaluateRequest } from '../engine/contract';
import type { RuntimeKey } from '../engine/runtimes';
import type { VersionRow } from './comparison.svelte';

/** Errors about the pattern (or its flags): what differs between versions' parsers. */
const PATTERN_ERROR = new Set(['pattern', 'flags']);

export interface Acceptance {
  /** Whether the selected version rejects the pattern. */
  selectedRejects: boolean;
  accepting: RuntimeKey[];
  /** Versions that reject it, each with its own message. */
  rejecting: { key: RuntimeKey; message: string }[];
  /** Versions not run (not loaded, still loading, or still running). */
  unchecked: RuntimeKey[];
}

function rejects(row: VersionRow): boolean {
  const run = row.outcome.run;
  return run.kind === 'error' && PATTERN_ERROR.has(run.where);
}

/** Null when the selected version's own answer is not in yet. */
export function acceptanceOf(rows: readonly VersionRow[]): Acceptance | null {
  const selected = rows.find((row) => row.selected);
  if (selected === undefined || selected.outcome.run.kind === 'pending') return null;
  const acceptance: Acceptance = {
    selectedRejects: rejects(selected),
    accepting: [],
    rejecting: [],
    unchecked: [],
  };
  for (const row of rows) {
    if (row.selected) continue;
    const run = row.outcome.run;
    if (
      !row.asked ||
      run.kind === 'pending' ||
      run.kind === 'stopped' ||
      run.kind === 'engineError'
    ) {
      acceptance.unchecked.push(row.runtime.key);
    } else if (rejects(row) && run.kind === 'error') {
      acceptance.rejecting.push({ key: row.runtime.key, message: run.message });
    } else {
      acceptance.accepting.push(row.runtime.key);
    }
  }
  return acceptance;
}

/** "3.14", "3.14 and 3.15", "3.11, 3.12 and 3.13". */
export function listVersions(keys: readonly RuntimeKey[]): string {
  if (keys.length <= 1) return keys.join('');
  return `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`;
}

/**
 * The notice's sentence: for a pattern the selected version rejects, which versions accept it;
 * for one it accepts, which versions reject it and why. Null when every checked version agrees.
 */
export function acceptanceNote(acceptance: Acceptance | null): string | null {
  if (acceptance === null) return null;
  if (acceptance.selectedRejects) {
    if (acceptance.accepting.length === 0) return null;
    const verb = acceptance.accepting.length === 1 ? 'accepts' : 'accept';
    return `Python ${listVersions(acceptance.accepting)} ${verb} this pattern.`;
  }
  if (acceptance.rejecting.length === 0) return null;
  const keys = acceptance.rejecting.map((entry) => entry.key);
  const messages = new Set(acceptance.rejecting.map((entry) => entry.message));
  const verb = keys.length === 1 ? 'rejects' : 'reject';
  const why = messages.size === 1 ? `: ${acceptance.rejecting[0]?.message}` : '';
  return `Python ${listVersions(keys)} ${verb} this pattern${why}.`;
}

/**
 * The request other versions run to tell whether they accept the pattern: the same pattern, flags
 * and op on an empty text, so it costs a compile however long the page's text is.
 */
export function compileOnly(request: EvaluateRequest): EvaluateRequest {
  return { ...request, text: '' };
}
