/**
 * The step debugger's layer in an editor: where the current step is. In the pattern, an outline
 * around the construct being executed (`cm-rx-debug-construct`); in the text, the part matched so
 * far in this attempt (`cm-rx-debug-matched`, [start, pos)) and a caret where the engine is
 * (`cm-rx-debug-caret`, a widget that takes no room). Separate from the hover outline and the
 * match highlighting, so it never fights them, and gone when the debugger sends null (it closes).
 * The ReDoS warning uses the same layer for its culprit (`cm-rx-redos-culprit`, a dashed outline in
 * the warning colour), so the two never fight either.
 * Positions are UTF-16 offsets into the document; anything outside it is dropped, never drawn.
 */
import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** Where the current step is, as this editor shows it. */
export interface DebugMark {
  /** [from, to) to outline (the pattern's construct). */
  outline?: readonly [number, number] | null;
  /** [from, to) matched so far (the text, from the attempt's start to the position). */
  matched?: readonly [number, number] | null;
  /** The engine's position (the text). */
  caret?: number | null;
  /** [from, to) the ReDoS warning names as the culprit (the pattern). */
  culprit?: readonly [number, number] | null;
}

/** Shows a step (or nothing with null). */
export const setDebugMark = StateEffect.define<DebugMark | null>();

class DebugCaret extends WidgetType {
  constructor(readonly pos16: number) {
    super();
  }
  override eq(other: DebugCaret): boolean {
    return other.pos16 === this.pos16;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-rx-debug-caret';
    span.dataset.pos16 = String(this.pos16);
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

/** A mark that carries its offsets (data-from, data-to), so tests and tools can read them. */
const spanMark = (className: string, from: number, to: number) =>
  Decoration.mark({
    class: className,
    attributes: { 'data-from': String(from), 'data-to': String(to) },
  }).range(from, to);

const validSpan = (span: readonly [number, number] | null | undefined, length: number) =>
  span != null && span[0] >= 0 && span[0] <= span[1] && span[1] <= length;

/** The decorations for `mark` in a document of `length` UTF-16 units. */
export function debugDecorations(mark: DebugMark | null, length: number): DecorationSet {
  if (mark === null) return Decoration.none;
  const ranges: Range<Decoration>[] = [];
  const { outline, matched, caret, culprit } = mark;
  if (validSpan(culprit, length) && culprit![0] < culprit![1])
    ranges.push(spanMark('cm-rx-redos-culprit', culprit![0], culprit![1]));
  if (validSpan(outline, length) && outline![0] < outline![1])
    ranges.push(spanMark('cm-rx-debug-construct', outline![0], outline![1]));
  if (validSpan(matched, length) && matched![0] < matched![1])
    ranges.push(spanMark('cm-rx-debug-matched', matched![0], matched![1]));
  if (caret != null && caret >= 0 && caret <= length)
    // side -1: the caret sits before a character inserted at its position, as a text cursor does.
    ranges.push(Decoration.widget({ widget: new DebugCaret(caret), side: -1 }).range(caret));
  return Decoration.set(ranges, true);
}

const debugField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects)
      if (effect.is(setDebugMark)) next = debugDecorations(effect.value, tr.state.doc.length);
    return next;
  },
  // Outer: the outline stays one box around the syntax colours and match marks inside it.
  provide: (field) => EditorView.outerDecorations.from(field),
});

/** The debugger's marks; feed it `setDebugMark`. */
export function debugMarks(): Extension {
  return [debugField, debugTheme];
}

/**
 * From tokens.css: the action colour (3:1 and more against both backgrounds), so where the engine
 * is never looks like a match (the accent) or a hovered group (the match line).
 */
const debugTheme = EditorView.theme({
  // Dashed, in the warning colour: a finding about the pattern, not where the engine is.
  '.cm-rx-redos-culprit': {
    outline: 'var(--hl-line-thickness) dashed var(--color-warning)',
    outlineOffset: '2px',
    borderRadius: '2px',
  },
  '.cm-rx-debug-construct': {
    outline: 'var(--hl-line-thickness) solid var(--color-action-edge)',
    outlineOffset: '1px',
    borderRadius: '2px',
    backgroundColor: 'var(--color-selection)',
  },
  // A box, not an underline: the text's match highlighting already underlines.
  '.cm-rx-debug-matched': {
    backgroundColor: 'var(--color-selection)',
    outline: 'var(--hl-line-thickness) solid var(--color-action-edge)',
    outlineOffset: '1px',
    borderRadius: '2px',
  },
  '.cm-rx-debug-caret': {
    display: 'inline-block',
    position: 'relative',
    width: '0',
    height: '1.3em',
    verticalAlign: 'text-bottom',
    borderLeft: '3px solid var(--color-action-edge)',
    marginLeft: '-1px',
    marginRight: '-2px',
  },
  // A small triangle under the bar, so the caret is easy to find in a long text.
  '.cm-rx-debug-caret::after': {
    content: '""',
    position: 'absolute',
    bottom: '-5px',
    left: '-6px',
    borderLeft: '4.5px solid transparent',
    borderRight: '4.5px solid transparent',
    borderBottom: '5px solid var(--color-action-edge)',
  },
});
