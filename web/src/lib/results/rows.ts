/**
 * The match list's geometry, kept out of MatchList.svelte so it can be tested without a DOM.
 *
 * A result flattens into fixed-height rows: one header row per match, then one row per group
 * 1..n (group 0 is the match itself, shown on its header). Only the rows a scroll position shows
 * (plus some overscan) are ever rendered, so 100 000 matches cost as much as twenty. Browsers cap
 * an element's height (about 17.9 million px in Firefox), so past `MAX_SCROLL_PX` the scrollbar is
 * scaled: the spacer stays below the cap and a scroll position maps onto the longer virtual list.
 *
 * Pure functions over numbers and plain data: no DOM, no Svelte, no engine.
 */
import type { Selection } from '../app/selection';

/** The tallest spacer we let the browser lay out; longer lists scale their scrollbar. */
export const MAX_SCROLL_PX = 8_000_000;

/** Where each match's rows start: `starts[i]` is match i's header row, `starts[count]` the total. */
export interface RowIndex {
  readonly count: number;
  readonly total: number;
  readonly starts: Int32Array;
}

/** One rendered row: a match's header (`group === null`) or one of its groups (1..n). */
export interface Row {
  row: number;
  group: number | null;
}

/** One match in the rendered window: its header row is always included, then its visible group rows. */
export interface Block {
  match: number;
  firstRow: number;
  rows: Row[];
}

/** A half-open range of rows: `start` included, `end` excluded. */
export interface RowRange {
  start: number;
  end: number;
}

/** How a virtual list of `contentHeight` px maps onto a spacer of `spacerHeight` px. */
export interface ScrollModel {
  contentHeight: number;
  spacerHeight: number;
  viewportHeight: number;
}

/**
 * Flattens matches into rows: each match takes one header row plus one row per group 1..n
 * (`groupSlots` counts group 0, the whole match, which shares the header row).
 */
export function buildRowIndex(matches: { length: number; groupSlots: number }): RowIndex {
  const count = matches.length;
  const starts = new Int32Array(count + 1);
  const rowsPerMatch = Math.max(1, matches.groupSlots);
  let total = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = total;
    total += rowsPerMatch;
  }
  starts[count] = total;
  return { count, total, starts };
}

function startOf(index: RowIndex, match: number): number {
  return index.starts[match] ?? index.total;
}

/** The match that row `row` belongs to (binary search); -1 when the index is empty. */
export function matchOfRow(index: RowIndex, row: number): number {
  if (index.count === 0) return -1;
  let low = 0;
  let high = index.count - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (startOf(index, mid) <= row) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The row a selection points at: the match's header, or the row of one of its groups. */
export function rowOfSelection(index: RowIndex, selection: Selection): number | null {
  if (selection === null || selection.match < 0 || selection.match >= index.count) return null;
  const first = startOf(index, selection.match);
  const rows = startOf(index, selection.match + 1) - first;
  const group = selection.group ?? 0;
  return group > 0 && group < rows ? first + group : first;
}

export function scrollModel(
  totalRows: number,
  rowHeight: number,
  viewportHeight: number,
  maxPx: number = MAX_SCROLL_PX,
): ScrollModel {
  const contentHeight = totalRows * rowHeight;
  return {
    contentHeight,
    spacerHeight: Math.min(contentHeight, Math.max(maxPx, viewportHeight)),
    viewportHeight,
  };
}

/** The scrollable distance of the virtual list per pixel of real scrolling (1 unless scaled). */
function ratio(model: ScrollModel): number {
  const real = model.spacerHeight - model.viewportHeight;
  const virtual = model.contentHeight - model.viewportHeight;
  return real > 0 && virtual > real ? virtual / real : 1;
}

/**
 * Which offset of the virtual list sits at the top of the viewport for a real `scrollTop`. Past
 * the spacer's own scroll range (content after the list, such as a note) it moves one to one.
 */
export function virtualTop(model: ScrollModel, scrollTop: number): number {
  const maxReal = Math.max(0, model.spacerHeight - model.viewportHeight);
  const within = Math.min(maxReal, Math.max(0, scrollTop));
  return within * ratio(model) + Math.max(0, scrollTop - maxReal);
}

/** The real `scrollTop` that puts virtual offset `top` at the top of the viewport. */
export function scrollTopFor(model: ScrollModel, top: number): number {
  const maxReal = Math.max(0, model.spacerHeight - model.viewportHeight);
  const maxVirtual = maxReal * ratio(model);
  if (top > maxVirtual) return maxReal + (top - maxVirtual);
  return Math.max(0, top) / ratio(model);
}

/** The rows to render for a viewport at virtual offset `top`, with `overscan` rows either side. */
export function visibleRange(
  top: number,
  viewportHeight: number,
  rowHeight: number,
  totalRows: number,
  overscan: number,
): RowRange {
  if (totalRows <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, top) / rowHeight);
  const last = Math.ceil((Math.max(0, top) + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: Math.min(totalRows, Math.max(0, first - overscan)),
    end: Math.min(totalRows, Math.max(0, last + overscan)),
  };
}

/**
 * The matches that have a row in `range`, each with its header (even when the header itself is
 * scrolled off, so every rendered list item still names its match) and its group rows in range.
 */
export function blocksInRange(index: RowIndex, range: RowRange): Block[] {
  const blocks: Block[] = [];
  if (range.end <= range.start || index.count === 0) return blocks;
  for (let match = matchOfRow(index, range.start); match < index.count; match++) {
    const firstRow = startOf(index, match);
    if (firstRow >= range.end) break;
    const endRow = startOf(index, match + 1);
    const rows: Row[] = [{ row: firstRow, group: null }];
    for (let row = Math.max(firstRow + 1, range.start); row < Math.min(endRow, range.end); row++) {
      rows.push({ row, group: row - firstRow });
    }
    blocks.push({ match, firstRow, rows });
  }
  return blocks;
}

/**
 * The virtual offset to scroll to so rows [firstRow, lastRow] are in view, or `top` itself when
 * they already are. A block taller than the viewport is aligned by its first row.
 */
export function revealTop(
  top: number,
  viewportHeight: number,
  rowHeight: number,
  firstRow: number,
  lastRow: number = firstRow,
): number {
  const rowTop = firstRow * rowHeight;
  const rowBottom = (lastRow + 1) * rowHeight;
  if (rowTop < top) return rowTop;
  if (rowBottom > top + viewportHeight) {
    return Math.min(rowTop, rowBottom - viewportHeight);
  }
  return top;
}

/** The keys the match list understands; anything else is left to the browser. */
export type NavigationKey =
  'ArrowDown' | 'ArrowUp' | 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End' | 'PageDown' | 'PageUp';

const NAVIGATION_KEYS = new Set<string>([
  'ArrowDown',
  'ArrowUp',
  'ArrowRight',
  'ArrowLeft',
  'Home',
  'End',
  'PageDown',
  'PageUp',
]);

export function isNavigationKey(key: string): key is NavigationKey {
  return NAVIGATION_KEYS.has(key);
}

/**
 * Where a key moves the selection. Up/Down, Page Up/Down, Home/End move between matches (the
 * whole match selected); Right/Left step through the current match's groups 1..n and back to
 * the match. With nothing selected, any key selects `fallback` (e.g. the first visible match).
 * Returns null only when there is no match at all.
 */
export function moveSelection(
  current: Selection,
  key: NavigationKey,
  index: RowIndex,
  page: number,
  fallback = 0,
): Selection {
  const count = index.count;
  if (count === 0) return null;
  const clamp = (match: number) => Math.min(count - 1, Math.max(0, match));
  if (current === null || current.match < 0 || current.match >= count) {
    return { match: key === 'End' ? count - 1 : clamp(fallback), group: null };
  }
  const { match } = current;
  const group = current.group ?? 0;
  const groups = startOf(index, match + 1) - startOf(index, match) - 1;
  const step = Math.max(1, page);
  switch (key) {
    case 'ArrowDown':
      return { match: clamp(match + 1), group: null };
    case 'ArrowUp':
      return { match: clamp(match - 1), group: null };
    case 'PageDown':
      return { match: clamp(match + step), group: null };
    case 'PageUp':
      return { match: clamp(match - step), group: null };
    case 'Home':
      return { match: 0, group: null };
    case 'End':
      return { match: count - 1, group: null };
    case 'ArrowRight':
      return { match, group: group < groups ? group + 1 : group > 0 ? group : null };
    case 'ArrowLeft':
      return { match, group: group > 1 ? group - 1 : null };
  }
}

/**
 * The first `max` code points of `text`, and whether anything was cut. Values can be megabytes
 * long, so this stops reading at the cut and never splits a surrogate pair.
 */
export function clipCodePoints(text: string, max: number): { head: string; cut: boolean } {
  if (text.length <= max) return { head: text, cut: false };
  let end = 0;
  let taken = 0;
  while (end < text.length && taken < max) {
    const code = text.charCodeAt(end);
    const pair = code >= 0xd800 && code <= 0xdbff && end + 1 < text.length;
    const next = pair ? text.charCodeAt(end + 1) : 0;
    end += pair && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
    taken++;
  }
  return { head: text.slice(0, end), cut: end < text.length };
}
