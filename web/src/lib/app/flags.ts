/**
 * The seven `re` flags as the page shows them: their names, letters and one-line meanings, and what
 * each toggle should say given what the user asked for (the session's letters), what CPython
 * reports as in effect (inline `(?i)` and the implied UNICODE included) and CPython's verdict when
 * the combination is refused. Pure data and functions: no state, no DOM.
 */
import type { Error as EngineError } from '../engine/contract';

export interface FlagInfo {
  /** The letter in Session.flags and in inline flags, e.g. 'i'. */
  letter: string;
  /** The `re` name, which is also the toggle's accessible name, e.g. 'IGNORECASE'. */
  name: string;
  /** What it does, in a few words (the toggle's tooltip). */
  meaning: string;
}

/** In the order of Session's FLAG_LETTERS ('imsxalu'). */
export const FLAGS: readonly FlagInfo[] = [
  { letter: 'i', name: 'IGNORECASE', meaning: 're.I — letters match regardless of case' },
  { letter: 'm', name: 'MULTILINE', meaning: 're.M — ^ and $ also match at every line break' },
  { letter: 's', name: 'DOTALL', meaning: 're.S — . also matches a newline' },
  { letter: 'x', name: 'VERBOSE', meaning: 're.X — whitespace and # comments are ignored' },
  { letter: 'a', name: 'ASCII', meaning: 're.A — \\w, \\d, \\s and \\b match ASCII only' },
  { letter: 'l', name: 'LOCALE', meaning: 're.L — depends on the locale (bytes patterns only)' },
  { letter: 'u', name: 'UNICODE', meaning: 're.U — Unicode matching, the default for str' },
];

/**
 * One toggle's state:
 * - `off`: not asked for and not in effect;
 * - `on`: asked for with the toggle;
 * - `inline`: not toggled, but in effect through an inline flag such as `(?i)`;
 * - `implied`: not toggled, but in effect by default (UNICODE for a str pattern);
 * - `refused`: asked for, and CPython refused the combination (its message says why).
 */
export type FlagState = 'off' | 'on' | 'inline' | 'implied' | 'refused';

export interface FlagView extends FlagInfo {
  state: FlagState;
  /** Whether the toggle is pressed (only the user's own choice, never an inline flag). */
  pressed: boolean;
  /** A short phrase for screen readers and the tooltip, e.g. "on via inline flag". */
  description: string;
}

/** What the user asked for beyond the toggles: the pattern, for finding inline flags. */
export interface FlagContext {
  /** Session.flags: the letters the toggles set. */
  requested: string;
  /** CPython's effective flag names for this pattern and these letters, or null while unknown. */
  effective: readonly string[] | null;
  /** The current error, if any; only one with `where: 'flags'` affects the toggles. */
  error: EngineError | null;
}

const DESCRIPTIONS: Record<FlagState, string> = {
  off: 'off',
  on: 'on',
  inline: 'on via an inline flag in the pattern',
  implied: 'on by default for str patterns',
  refused: 'refused by CPython',
};

/** The view of every toggle, in FLAGS order. */
export function flagViews({ requested, effective, error }: FlagContext): FlagView[] {
  const flagsError = error?.where === 'flags' ? error : null;
  return FLAGS.map((flag) => {
    const pressed = requested.includes(flag.letter);
    const state = flagState(flag, pressed, effective, flagsError);
    return { ...flag, state, pressed, description: DESCRIPTIONS[state] };
  });
}

function flagState(
  flag: FlagInfo,
  pressed: boolean,
  effective: readonly string[] | null,
  flagsError: EngineError | null,
): FlagState {
  if (pressed) {
    // CPython names the offending flags in its message ("cannot use LOCALE flag with a str
    // pattern", "ASCII and UNICODE flags are incompatible").
    if (flagsError !== null && flagsError.message.includes(flag.name)) return 'refused';
    return 'on';
  }
  if (effective === null || !effective.includes(flag.name)) return 'off';
  return flag.letter === 'u' ? 'implied' : 'inline';
}

/** Session.flags with `letter` switched, keeping the canonical order. */
export function toggleFlag(requested: string, letter: string): string {
  const on = requested.includes(letter) ? requested.replace(letter, '') : requested + letter;
  return FLAGS.map((flag) => flag.letter)
    .filter((l) => on.includes(l))
    .join('');
}
