/**
 * Marks where CPython says a pattern or replacement is wrong: a wavy underline on the offending
 * character, or a caret box after the last one when the position is the end of the text ("missing
 * ), unterminated subpattern" and the like). The marker follows edits (it is mapped through each
 * change) until the page sends the next verdict, so it does not flicker while the user types.
 * The message itself is shown by the component (and referenced with aria-describedby).
 */
import { StateEffect, StateField, type Extension, type Text } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';

/** An error position in UTF-16 code units (null: CPython gave none) and CPython's message. */
export interface EditorError {
  pos16: number | null;
  message: string;
}

/** Sets (or clears, with null) the error shown. */
export const setError = StateEffect.define<EditorError | null>();

class ErrorAtEnd extends WidgetType {
  constructor(readonly message: string) {
    super();
  }
  override eq(other: ErrorAtEnd): boolean {
    return other.message === this.message;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = 'cm-rx-error-end';
    span.title = this.message;
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
}

/** Where the marker goes: [from, to) of the character at `pos`, or a point when there is none. */
export function errorRange(doc: Text, pos: number): { from: number; to: number } {
  const at = Math.max(0, Math.min(pos, doc.length));
  if (at === doc.length) return { from: at, to: at };
  const next = doc.sliceString(at, Math.min(at + 2, doc.length));
  if (next.startsWith('\n')) return { from: at, to: at };
  const code = next.charCodeAt(0);
  const pair = code >= 0xd800 && code <= 0xdbff && next.length === 2;
  return { from: at, to: at + (pair ? 2 : 1) };
}

/** The decorations for `error` in `doc`. */
export function errorDecorations(doc: Text, error: EditorError | null): DecorationSet {
  if (error === null || error.pos16 === null) return Decoration.none;
  const { from, to } = errorRange(doc, error.pos16);
  if (from === to) {
    return Decoration.set(
      Decoration.widget({ widget: new ErrorAtEnd(error.message), side: 1 }).range(from),
    );
  }
  return Decoration.set(
    Decoration.mark({
      class: 'cm-rx-error',
      attributes: { title: error.message },
    }).range(from, to),
  );
}

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setError)) next = errorDecorations(tr.state.doc, effect.value);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The error marker; send `setError` effects to change it. */
export function errorMarker(): Extension {
  return errorField;
}
