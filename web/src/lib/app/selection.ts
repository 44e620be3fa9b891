/**
 * What the user points at in the results: one match, or one group of one match. The test string,
 * the match list and the pattern share it, so selecting (click, keyboard) or hovering in one of them
 * highlights the same thing in the others. Plain data only: no state, no DOM.
 */

/**
 * `match` is the 0-based index into the result's `matches`; `group` is the group's index
 * (`Group.index`, 0 for the whole match) or null for the match as a whole. `null` means nothing.
 */
export type Selection = { match: number; group: number | null } | null;

/** True when `a` and `b` point at the same match and group (both null counts as equal). */
export function sameSelection(a: Selection, b: Selection): boolean {
  if (a === null || b === null) return a === b;
  return a.match === b.match && a.group === b.group;
}
