/**
 * Paints HighlightSpans (document offsets, from matchDecorations.ts) with the CSS Custom
 * Highlight API: each span becomes a StaticRange over the editor's DOM, added to the page-wide
 * `Highlight` of its name in `CSS.highlights`, which `::highlight(name)` rules style. Nothing in
 * the DOM changes, so repainting thousands of matches needs no layout.
 *
 * Ranges point at the editor's text nodes, so they are all placed anew after a change of the
 * editor's DOM (CodeMirror's `docViewUpdate`); otherwise only the spans that changed are, since
 * the browser's work on every paint grows with the ranges it is given (Chromium re-derives its
 * per-node markers from all of them). Several editors may paint into the same names: each
 * painter adds and removes only its own ranges.
 */
import type { EditorView } from '@codemirror/view';
import type { HighlightSpan } from './matchDecorations';

/** Priority of a highlight name: whole matches under groups, deeper groups over shallower ones. */
export function highlightPriority(name: string): number {
  const level = /-l(\d+)$/.exec(name);
  return level ? Number(level[1]) : 0;
}

function highlightNamed(name: string): Highlight {
  let highlight = CSS.highlights.get(name);
  if (highlight === undefined) {
    highlight = new Highlight();
    highlight.priority = highlightPriority(name);
    CSS.highlights.set(name, highlight);
  }
  return highlight;
}

/** One editor's ranges in the page's highlights. */
export class HighlightPainter {
  /** The ranges painted, by span (`name from to`), so an unchanged span keeps its range. */
  private painted = new Map<string, { name: string; range: StaticRange }>();

  /**
   * Makes this painter's ranges those of `spans`, placed in `view`'s DOM. Spans painted before
   * keep their ranges unless `domChanged` (their text nodes may be gone); only the difference
   * reaches the page's highlights, so a keystroke that moves few matches costs little.
   */
  paint(view: EditorView, spans: readonly HighlightSpan[], domChanged: boolean): void {
    if (domChanged) this.clear();
    const next = new Map<string, { name: string; range: StaticRange }>();
    for (const span of spans) {
      const key = `${span.name} ${span.from} ${span.to}`;
      if (next.has(key)) continue;
      const kept = this.painted.get(key);
      if (kept !== undefined) {
        next.set(key, kept);
        this.painted.delete(key);
        continue;
      }
      const start = view.domAtPos(span.from, 1);
      const end = view.domAtPos(span.to, -1);
      const range = new StaticRange({
        startContainer: start.node,
        startOffset: start.offset,
        endContainer: end.node,
        endOffset: end.offset,
      });
      highlightNamed(span.name).add(range);
      next.set(key, { name: span.name, range });
    }
    this.clear(); // what is left of the old ranges
    this.painted = next;
  }

  /** Removes this painter's ranges. */
  clear(): void {
    for (const { name, range } of this.painted.values()) CSS.highlights.get(name)?.delete(range);
    this.painted = new Map();
  }
}
