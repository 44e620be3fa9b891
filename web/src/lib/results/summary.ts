/**
 * The results column's short texts: the summary line ("3 matches · 0.4 ms"), the truncation note,
 * the sentence a screen reader hears ("3 matches; first at 5 to 12"), how an error's position is
 * written, and what a stopped or failed run says. Pure string functions: no DOM, no Svelte.
 */
import type { Error as EngineError, Op } from '../engine/contract';
import type { Success } from '../engine/evaluation';
import type { RunOutcome } from '../engine/engineClient.svelte';
import type { StepCount } from '../app/stepCounts.svelte';
import { stoppedNotice } from '../format';

const numbers = new Intl.NumberFormat('en-US');

/** A count with thousands separators: `100,000`. */
export function formatCount(n: number): string {
  return numbers.format(n);
}

/** `1 match`, `3 matches`, `No match`; `100,000+ matches` when more were found than reported. */
export function matchCount(n: number, truncated = false): string {
  if (truncated) return `${formatCount(n)}+ matches`;
  if (n === 0) return 'No match';
  return n === 1 ? '1 match' : `${formatCount(n)} matches`;
}

/** How long the op took: `< 0.1 ms`, `0.4 ms`, `12 ms`, `1.25 s`. */
export function formatElapsed(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0.05) return '< 0.1 ms';
  if (ms < 9.95) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** The note at the end of a cut match list: only the first `listed` matches are shown. */
export function truncationNote(listed: number): string {
  return `Only the first ${formatCount(listed)} matches are listed; the operation found more.`;
}

/** The summary's note for a cut result: it concerns the list and the return value alike. */
export function summaryTruncationNote(kept: number): string {
  return `The operation found more than ${formatCount(kept)} matches; the page keeps the first ${formatCount(kept)}.`;
}

/** The summary line: `3 matches · 0.4 ms`. */
export function summaryLine(result: Success): string {
  return `${matchCount(result.matches.length, result.truncated)} · ${formatElapsed(result.elapsedMs)}`;
}

/** `1 step`, `1,532 steps`. */
export function stepCount(n: number): string {
  return n === 1 ? '1 step' : `${formatCount(n)} steps`;
}

/**
 * The summary's step figure for the run: `1,532 steps`, or `over 1,000,000 steps` when the count
 * ran out of its budget; null while counting, or when there is nothing to say (unsupported,
 * stopped, failed).
 */
export function stepsSummary(count: StepCount | null): string | null {
  if (count?.kind === 'counted') return stepCount(count.steps);
  if (count?.kind === 'over') return `over ${stepCount(count.maxSteps)}`;
  return null;
}

/** The sentence a screen reader hears for a result: `3 matches; first at 5 to 12`. */
export function spokenSummary(result: Success): string {
  const first = result.matches.at(0);
  const count = result.truncated
    ? `More than ${matchCount(result.matches.length).replace('No match', '0 matches')}`
    : matchCount(result.matches.length);
  if (first === undefined) return count;
  return `${count}; first at ${first.span[0]} to ${first.span[1]}`;
}

/** What an error is about, as the start of a sentence. */
const WHERE: Record<EngineError['where'], string> = {
  request: 'the request',
  pattern: 'the pattern',
  flags: 'the flags',
  replacement: 'the replacement',
  engine: 'the engine',
};

/** "No result: the pattern has an error" and the like: the summary's line for an error result. */
export function errorHeadline(error: EngineError): string {
  if (error.where === 'engine') return `No result: the engine raised ${error.type} while running`;
  if (error.where === 'flags') return 'No result: the flags cannot be combined';
  return `No result: ${WHERE[error.where]} has an error`;
}

/** Where an error is, as "at position 7 (line 1, column 8)"; null when CPython gave no position. */
export function positionText(error: Pick<EngineError, 'pos' | 'lineno' | 'colno'>): string | null {
  if (error.pos === null) return null;
  const at = `at position ${error.pos}`;
  if (error.lineno === null || error.colno === null) return at;
  return `${at} (line ${error.lineno}, column ${error.colno})`;
}

/** What the summary shows for one outcome; `tone` picks its look. */
export interface SummaryView {
  /** `invalid`: the request has an error (Problems shows it); `error`: the engine failed. */
  tone: 'idle' | 'match' | 'none' | 'invalid' | 'error' | 'stopped';
  /** The visible line. */
  line: string;
  /** A second line (the truncation note), or null. */
  note: string | null;
  /** The text for screen readers. */
  spoken: string;
}

/** Everything the summary says about `outcome` (null: nothing has run yet). */
export function describeOutcome(outcome: RunOutcome | null): SummaryView {
  if (outcome === null) {
    return { tone: 'idle', line: 'No result yet', note: null, spoken: '' };
  }
  switch (outcome.kind) {
    case 'stopped': {
      const notice = stoppedNotice(outcome);
      return { tone: 'stopped', line: notice, note: null, spoken: notice };
    }
    case 'engineError': {
      const notice = stoppedNotice(outcome);
      return { tone: 'error', line: notice, note: null, spoken: notice };
    }
    case 'done': {
      const { result } = outcome;
      if (!result.ok) {
        const line = errorHeadline(result.error);
        return {
          tone: 'invalid',
          line,
          note: null,
          spoken: `${line}: ${result.error.message}`,
        };
      }
      return {
        tone: result.matches.length > 0 ? 'match' : 'none',
        line: summaryLine(result),
        note: result.truncated ? summaryTruncationNote(result.matches.length) : null,
        spoken: spokenSummary(result),
      };
    }
  }
}

/** The expression whose value the output panel shows, e.g. `re.split(…)`. */
export function callExpression(op: Op): string {
  // finditer returns an iterator; the core reports the list of its matches.
  return op === 'finditer' ? 'list(re.finditer(…))' : `re.${op}(…)`;
}
