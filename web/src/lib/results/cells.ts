/**
 * What each cell of the match list says: a group's number, name, span and value, as a Python user
 * reads them (`[5, 12)`, `'2026'`, `None` for a group that did not take part). Also the column
 * widths, so rows line up without measuring the DOM. Pure string functions: no DOM, no Svelte.
 */
import type { MatchesLike } from '../engine/matchTable';
import { formatSpan, pythonRepr } from '../format';
import { clipCodePoints } from './rows';
import { formatCount } from './summary';

/** Values longer than this (in code points) are cut in a row; a row shows one line anyway. */
export const VALUE_PREVIEW_CHARS = 200;

/** The repr of a group's value, or `None` when it did not take part; long values end in `…`. */
export function valueRepr(value: string | null, max = VALUE_PREVIEW_CHARS): string {
  if (value === null) return 'None';
  const { head, cut } = clipCodePoints(value, max);
  const repr = pythonRepr(head);
  // Drop the closing quote of a cut value, so it never reads as the whole string.
  return cut ? `${repr.slice(0, -1)}…` : repr;
}

/** A span as Python shows it, or `None` for a group that did not take part. */
export function spanText(span: readonly number[] | null): string {
  return span === null ? 'None' : formatSpan(span);
}

/** The 1-based label of match `index`: `#1`. */
export function matchLabel(index: number): string {
  return `#${index + 1}`;
}

/** What finding one match cost: `took 1,532 steps`. */
export function matchStepsText(steps: number): string {
  return steps === 1 ? 'took 1 step' : `took ${formatCount(steps)} steps`;
}

/** Column widths in `ch` for the number, name and span columns. */
export interface ColumnWidths {
  number: number;
  name: number;
  span: number;
}

/** The longest name we give a column; longer names are cut with an ellipsis. */
const MAX_NAME_CH = 14;

/**
 * Widths that fit every row of `matches` without reading all of them: spans only grow along the
 * list (the last match has the longest numbers) and every match has the same groups.
 */
export function columnWidths(matches: MatchesLike): ColumnWidths {
  const first = matches.at(0);
  const last = matches.at(matches.length - 1);
  if (first === undefined || last === undefined) return { number: 2, name: 0, span: 6 };
  let name = 0;
  for (const group of first.groups) name = Math.max(name, group.name?.length ?? 0);
  let span = formatSpan(last.span).length;
  for (const group of last.groups) {
    if (group.span !== null) span = Math.max(span, formatSpan(group.span).length);
  }
  return {
    number: Math.max(matchLabel(matches.length - 1).length, String(first.groups.length - 1).length),
    name: Math.min(MAX_NAME_CH, name),
    span,
  };
}
