/**
 * Finds, among many sorted [start, end) spans (100 000 matches), the few that touch a window of
 * the document, by binary search — so editors decorate only what is on screen. Pure; no DOM.
 */

/** Spans ordered by start, with the running maximum of their ends for the search. */
export interface SpanIndex {
  /** Indices into the original list, ordered by start (stable). */
  readonly order: Int32Array;
  /** starts[k] = the start of span order[k]. */
  readonly starts: Float64Array;
  /** maxEnd[k] = the largest end among order[0..k]. */
  readonly maxEnd: Float64Array;
  /** ends[i] = the end of span i (by original index). */
  readonly ends: Float64Array;
}

/**
 * Indexes `count` spans given by `start(i)` and `end(i)`; O(n) when already sorted (the usual
 * case). Two number getters rather than one returning a pair: 100 000 matches would make 100 000
 * short-lived arrays.
 */
export function indexSpans(
  count: number,
  start: (i: number) => number,
  end: (i: number) => number,
): SpanIndex {
  const order = new Int32Array(count);
  const startOf = new Float64Array(count);
  const ends = new Float64Array(count);
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    const from = start(i);
    startOf[i] = from;
    ends[i] = end(i);
    if (from < previous) sorted = false;
    previous = from;
  }
  if (!sorted) order.sort((a, b) => startOf[a]! - startOf[b]! || a - b);
  const starts = sorted ? startOf : new Float64Array(count);
  const maxEnd = new Float64Array(count);
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    if (!sorted) starts[k] = startOf[i]!;
    max = Math.max(max, ends[i]!);
    maxEnd[k] = max;
  }
  return { order, starts, maxEnd, ends };
}

/**
 * The indices (into the original list, ascending by start) of the spans that touch [from, to]:
 * end >= from and start <= to, so empty spans on either edge count.
 */
export function spansTouching(index: SpanIndex, from: number, to: number): number[] {
  const { order, starts, maxEnd, ends } = index;
  // First k whose running max end reaches `from`: nothing before it can touch the window.
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (maxEnd[mid]! >= from) hi = mid;
    else lo = mid + 1;
  }
  const found: number[] = [];
  for (let k = lo; k < order.length && starts[k]! <= to; k++) {
    const i = order[k]!;
    if (ends[i]! >= from) found.push(i);
  }
  return found;
}
