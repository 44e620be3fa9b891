/**
 * Paints HighlightSpans (document offsets, from matchDecorations.ts) with the CSS Custom
 * Highlight API: each span becomes a StaticRange over the editor's DOM, added to the page-wide
 * `Highlight` of its name in `CSS.highlights`, which `::highlight(name)` rules style. Nothing in
 * the DOM changes, so repainting thousands of matches needs no layout.
 *
 * Ranges point at the editor's text nodes, so they are rebuilt after every change of the editor's
 * DOM (CodeMirror's `docViewUpdate`) as well as after new spans. Several editors may paint into
 * the same names: each painter adds and removes only its own ranges.
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
  private painted = new Map<string, AbstractRange[]>();

  /** Replaces this painter's ranges with those of `spans`, placed in `view`'s current DOM. */
  paint(view: EditorView, spans: readonly HighlightSpan[]): void {
    const next = new Map<string, AbstractRange[]>();
    for (const span of spans) {
      const start = view.domAtPos(span.from, 1);
      const end = view.domAtPos(span.to, -1);
      const range = new StaticRange({
        startContainer: start.node,
        startOffset: start.offset,
        endContainer: end.node,
        endOffset: end.offset,
      });
      let list = next.get(span.name);
      if (list === undefined) next.set(span.name, (list = []));
      list.push(range);
    }
    this.clear();
    for (const [name, ranges] of next) {
      const highlight = highlightNamed(name);
      for (const range of ranges) highlight.add(range);
    }
    this.painted = next;
  }

  /** Removes this painter's ranges. */
  clear(): void {
    for (const [name, ranges] of this.painted) {
      const highlight = CSS.highlights.get(name);
      if (highlight === undefined) continue;
      for (const range of ranges) highlight.delete(range);
    }
    this.painted = new Map();
  }

  /** How many ranges this painter has in the page's highlights. */
  get size(): number {
    let size = 0;
    for (const ranges of this.painted.values()) size += ranges.length;
    return size;
  }
}
