/**
 * Finds, among many sorted [start, end) spans (100 000 matches), the few that touch a window of
 * the document, by binary search — so editors decorate only what is on screen. Pure; no DOM.
 */

/** Spans ordered by start, with the running maximum of their ends for the search. */
export interface SpanIndex {
  /** Indices into the original list, ordered by start (stable). */
  readonly order: Int32Array;
  readonly starts: Float64Array;
  /** maxEnd[k] = the largest end among order[0..k]. */
  readonly maxEnd: Float64Array;
}

/** Indexes `count` spans given by `span(i)`; O(n) when already sorted (the usual case). */
export function indexSpans(
  count: number,
  span: (i: number) => readonly [number, number],
): SpanIndex {
  const order = new Int32Array(count);
  let sorted = true;
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    order[i] = i;
    const start = span(i)[0];
    if (start < previous) sorted = false;
    previous = start;
  }
  if (!sorted) order.sort((a, b) => span(a)[0] - span(b)[0] || a - b);
  const starts = new Float64Array(count);
  const maxEnd = new Float64Array(count);
  let max = -Infinity;
  for (let k = 0; k < count; k++) {
    const [start, end] = span(order[k]!);
    starts[k] = start;
    max = Math.max(max, end);
    maxEnd[k] = max;
  }
  return { order, starts, maxEnd };
}

/**
 * The indices (into the original list, ascending by start) of the spans that touch [from, to]:
 * end >= from and start <= to, so empty spans on either edge count.
 */
export function spansTouching(
  index: SpanIndex,
  span: (i: number) => readonly [number, number],
  from: number,
  to: number,
): number[] {
  const { order, starts, maxEnd } = index;
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
    if (span(i)[1] >= from) found.push(i);
  }
  return found;
}
