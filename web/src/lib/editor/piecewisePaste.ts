/**
 * A huge paste (a log file of megabytes) goes into the editor piece by piece, one piece per task,
 * so the page keeps answering while it arrives. Pasted whole, CodeMirror splits the text into
 * lines, builds its document and measures the new lines in one task: for 10 MB (a million lines)
 * that held the main thread for about 400 ms. In pieces of PIECE_CHARS, each task stays short.
 *
 * The pieces still make one edit: the text lands exactly as pasted (where the selection was,
 * replacing it), one undo step takes the whole paste back, and the page hears of the edit once,
 * when the last piece is in (the editor's change reporter skips the pieces before it). An edit
 * by the user in between is kept: the rest of the paste follows where its place moved. A value
 * set from outside (a permalink opened) ends the paste where it is.
 */
import {
  Annotation,
  StateEffect,
  StateField,
  Transaction,
  type EditorState,
  type Extension,
} from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { docText, rememberDocText } from './exactText';

/** Pastes shorter than this go in whole, as CodeMirror does it. */
export const PIECEWISE_MIN_CHARS = 1_000_000;
/** About how much of the text one task inserts (cut after a line break when there is one near). */
export const PIECE_CHARS = 500_000;

/** Marks a piece that more of the same paste follows: the edit is not reported yet. */
export const morePasteToCome = Annotation.define<boolean>();

/** Where the rest of the paste goes, mapped through every change made meanwhile; null: none. */
const setPastePoint = StateEffect.define<number | null>();

const pastePoint = StateField.define<number | null>({
  create: () => null,
  update(point, tr) {
    for (const effect of tr.effects) if (effect.is(setPastePoint)) return effect.value;
    if (point === null || !tr.docChanged) return point;
    // Every edit by the user names its kind (typing, deleting, undo…); a change that names none
    // is a value brought in from outside, which replaces the text: the paste is over.
    if (tr.annotation(Transaction.userEvent) === undefined) return null;
    return tr.changes.mapPos(point, 1);
  },
});

/**
 * The pieces of `text`: about `size` characters each, ending after a line break when one is in
 * the last tenth of the piece (CodeMirror splits whole lines faster), never between the two
 * halves of a surrogate pair. Joined, they are `text`.
 */
export function pasteSlices(text: string, size = PIECE_CHARS): string[] {
  const slices: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf('\n', end - 1);
      if (lineEnd >= end - size / 10 && lineEnd > start) end = lineEnd + 1;
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
    }
    slices.push(text.slice(start, end));
    start = end;
  }
  return slices;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The transaction spec of one piece at `at`; `more` says whether pieces follow it. */
function pieceSpec(state: EditorState, at: number, piece: string, more: boolean, time: number) {
  const end = at + piece.length;
  return {
    changes: { from: at, insert: state.toText(piece) },
    selection: { anchor: end },
    effects: setPastePoint.of(more ? end : null),
    // The same time on every piece, so the history joins them into one undo step.
    annotations: [morePasteToCome.of(more), Transaction.time.of(time)],
    scrollIntoView: !more,
  };
}

/** Waits for the next task, so the browser can paint and handle input between pieces. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What a paste needs of an EditorView (a test passes its own). */
export interface PasteTarget {
  readonly state: EditorState;
  dispatch(tr: Transaction): void;
  /** False once the editor is gone: the rest of the paste is dropped. */
  readonly connected: boolean;
}

function viewTarget(view: EditorView): PasteTarget {
  return {
    get state() {
      return view.state;
    },
    dispatch: (tr) => view.dispatch(tr),
    get connected() {
      return view.dom.isConnected;
    },
  };
}

/**
 * Inserts `text` over the main selection of `view`, one piece per task. When nothing else changed
 * the text meanwhile, the final text is known without joining the document's million lines again
 * (exactText.ts rememberDocText): the text before, with the pasted one in place.
 */
export async function pastePiecewise(
  view: PasteTarget,
  text: string,
  waitForNextTask: () => Promise<void> = nextTask,
): Promise<void> {
  const slices = pasteSlices(text);
  const time = Date.now();
  const startDoc = view.state.doc;
  const { from, to } = view.state.selection.main;
  const [first = '', ...rest] = slices;
  view.dispatch(
    view.state.update({
      ...pieceSpec(view.state, from, first, rest.length > 0, time),
      changes: { from, to, insert: view.state.toText(first) },
      userEvent: 'input.paste',
    }),
  );
  let ours = view.state.doc;
  let undisturbed = true;
  for (let i = 0; i < rest.length; i++) {
    await waitForNextTask();
    const at = view.state.field(pastePoint, false);
    // Ended from outside, or the editor is gone.
    if (at === null || at === undefined || !view.connected) return;
    undisturbed &&= view.state.doc === ours;
    const last = i === rest.length - 1;
    const tr = view.state.update(pieceSpec(view.state, at, rest[i]!, !last, time));
    if (last && undisturbed) {
      const before = docText(startDoc);
      rememberDocText(tr.newDoc, before.slice(0, from) + text + before.slice(to));
    }
    view.dispatch(tr);
    ours = view.state.doc;
  }
}

/** The extension: pastes of PIECEWISE_MIN_CHARS or more go in piece by piece. */
export function piecewisePaste(): Extension {
  return [
    pastePoint,
    EditorView.domEventHandlers({
      paste(event, view) {
        if (view.state.readOnly) return false;
        const text = event.clipboardData?.getData('text/plain') ?? '';
        if (text.length < PIECEWISE_MIN_CHARS) return false;
        event.preventDefault();
        void pastePiecewise(viewTarget(view), text);
        return true;
      },
    }),
  ];
}
