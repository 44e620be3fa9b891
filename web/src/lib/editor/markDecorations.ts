/**
 * Marks stretches of a read-only text (the replaced parts of sub/subn's output), for any number of
 * them: like the match highlighting, only the marks in the visible ranges become decorations.
 * An empty mark (a match replaced by nothing) is a caret-like marker. Pure apart from the widget.
 */
import {
  StateEffect,
  StateField,
  type EditorState,
  type Extension,
  type Range,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { MATCH_MARK } from './matchTheme';
import { ScreenTracker, screenHasMoved } from './screenWindows';
import { indexSpans, spansTouching, type SpanIndex } from './spanIndex';

type Span = readonly [number, number];

/** Replaces the marks (offsets into the current document, UTF-16). */
export const setMarks = StateEffect.define<readonly Span[]>();

interface MarksValue {
  marks: readonly Span[];
  index: SpanIndex;
}

function valueFor(marks: readonly Span[]): MarksValue {
  return {
    marks,
    index: indexSpans(
      marks.length,
      (i) => marks[i]![0],
      (i) => marks[i]![1],
    ),
  };
}

export const marksField = StateField.define<MarksValue>({
  create: () => valueFor([]),
  update(value, tr) {
    let next = value;
    for (const effect of tr.effects) if (effect.is(setMarks)) next = valueFor(effect.value);
    return next;
  },
});

class EmptyMark extends WidgetType {
  override eq(): boolean {
    return true;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-rx-empty cm-rx-replaced-empty';
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
}

// Two alternating marks, so adjacent replacements stay two elements (equal marks would merge);
// inclusive, so a mark also wraps a control character's badge on its edge.
const replacedMarks = [0, 1].map((parity) =>
  Decoration.mark({ class: `cm-rx-replaced cm-rx-parity${parity}`, inclusive: true }),
);
const emptyMark = Decoration.widget({ widget: new EmptyMark(), side: 1 });

/** Decorations for the marks touching `windows` of the current document. */
export function markDecorationsFor(
  state: EditorState,
  windows: readonly { from: number; to: number }[],
): DecorationSet {
  const { marks, index } = state.field(marksField);
  if (marks.length === 0) return Decoration.none;
  const length = state.doc.length;
  const seen = new Set<number>();
  const ranges: Range<Decoration>[] = [];
  for (const window of windows) {
    for (const i of spansTouching(index, window.from, window.to)) {
      if (seen.has(i)) continue;
      seen.add(i);
      const [from, to] = marks[i]!;
      if (from < 0 || to > length || from > to) continue;
      ranges.push(from === to ? emptyMark.range(from) : replacedMarks[i % 2]!.range(from, to));
    }
  }
  return Decoration.set(ranges, true);
}

const marksPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    readonly screen: ScreenTracker;
    constructor(view: EditorView) {
      this.screen = new ScreenTracker(view);
      this.decorations = markDecorationsFor(view.state, this.screen.windows());
    }
    update(update: ViewUpdate) {
      this.screen.update(update);
      const changed = update.startState.field(marksField) !== update.state.field(marksField);
      if (changed || update.docChanged || update.viewportChanged || screenHasMoved(update))
        this.decorations = markDecorationsFor(update.state, this.screen.windows());
    }
    destroy() {
      this.screen.destroy();
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Marked stretches; feed it `setMarks`. */
export function markHighlight(): Extension {
  return [marksField, marksPlugin, marksTheme];
}

const marksTheme = EditorView.theme({
  '.cm-scroller': { lineHeight: '1.9' },
  // Marked as a match is, edge included, so adjacent replacements can be told apart.
  '.cm-rx-replaced': MATCH_MARK,
});
