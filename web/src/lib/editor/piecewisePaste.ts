/**
 * A huge paste (a log file of megabytes) goes into the editor piece by piece, one piece per task,
 * so the page keeps answering while it arrives. Pasted whole, CodeMirror splits the text into
 * lines, builds its document and measures the new lines in one task: for 10 MB (a million lines)
 * that held the main thread for about 400 ms. In pieces of PIECE_CHARS, each task stays short.
 *
 * The pieces still make one edit: the text lands exactly as pasted (where the selection was,
 * replacing it), one undo step takes the whole paste back, and the page hears of the edit once,
 * when the last piece is in (the editor's change reporter skips the pieces before it). An edit
 * by the user in between is kept, and what is typed at the paste's end stays after the whole
 * paste. Another huge paste first puts the rest of the one still going in at once. A value set
 * from outside (a permalink opened) ends the paste where it is.
 */
import {
  Annotation,
  StateEffect,
  StateField,
  Transaction,
  type EditorState,
  type Extension,
  type TransactionSpec,
} from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { docText, rememberDocText } from './exactText';

/** Pastes shorter than this go in whole, as CodeMirror does it. */
export const PIECEWISE_MIN_CHARS = 1_000_000;
/** About how much of the text one task inserts (cut after a line break when there is one near). */
export const PIECE_CHARS = 500_000;

/** Marks a piece that more of the same paste follows: the edit is not reported yet. */
export const morePasteToCome = Annotation.define<boolean>();

/** A paste going on: which one (its own object), and where its next piece goes. */
interface PastePoint {
  readonly paste: object;
  readonly at: number;
}

const setPastePoint = StateEffect.define<PastePoint | null>();

/** Where the rest of the paste goes, mapped through every change made meanwhile; null: none. */
const pastePoint = StateField.define<PastePoint | null>({
  create: () => null,
  update(point, tr) {
    for (const effect of tr.effects) if (effect.is(setPastePoint)) return effect.value;
    if (point === null || !tr.docChanged) return point;
    // Every edit by the user names its kind (typing, deleting, undo…); a change that names none
    // is a value brought in from outside, which replaces the text: the paste is over.
    if (tr.annotation(Transaction.userEvent) === undefined) return null;
    // Text typed at the point goes after it: the rest of the paste comes before what was typed.
    return { paste: point.paste, at: tr.changes.mapPos(point.at, -1) };
  },
});

/** How to put the rest of a paste going on in at once, by the paste's object. */
const finishers = new WeakMap<object, () => void>();

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

/**
 * The transaction spec of one piece of `paste`, put in over `from`–`to` (the selection, for the
 * first piece; an empty range after it); `more` says whether pieces follow it. The caret moves
 * along while it stands on that range (the user has not put it elsewhere).
 */
function pieceSpec(
  state: EditorState,
  paste: object,
  piece: string,
  { from, to = from, more, time }: { from: number; to?: number; more: boolean; time: number },
): TransactionSpec {
  const end = from + piece.length;
  const caret = state.selection.main;
  const follows = state.selection.ranges.length === 1 && caret.from === from && caret.to === to;
  return {
    changes: { from, to, insert: state.toText(piece) },
    ...(follows ? { selection: { anchor: end } } : {}),
    effects: setPastePoint.of(more ? { paste, at: end } : null),
    // The same time on every piece, so the history joins them into one undo step.
    annotations: [morePasteToCome.of(more), Transaction.time.of(time)],
    scrollIntoView: !more && follows,
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
  // A paste still going on is finished first, so the two never interleave.
  const going = view.state.field(pastePoint, false);
  if (going) finishers.get(going.paste)?.();

  const paste = {};
  const slices = pasteSlices(text);
  const time = Date.now();
  const startDoc = view.state.doc;
  const { from, to } = view.state.selection.main;
  const [first = '', ...rest] = slices;
  view.dispatch(
    view.state.update({
      ...pieceSpec(view.state, paste, first, { from, to, more: rest.length > 0, time }),
      userEvent: 'input.paste',
    }),
  );
  /** Where this paste's next piece goes, or null once it is over (finished, or ended). */
  const point = () => {
    const now = view.state.field(pastePoint, false);
    return now?.paste === paste && view.connected ? now.at : null;
  };
  let next = 0;
  finishers.set(paste, () => {
    const at = point();
    if (at === null) return;
    const remaining = rest.slice(next).join('');
    view.dispatch(
      view.state.update(pieceSpec(view.state, paste, remaining, { from: at, more: false, time })),
    );
    next = rest.length;
  });
  let ours = view.state.doc;
  let undisturbed = true;
  while (next < rest.length) {
    await waitForNextTask();
    const at = point();
    if (at === null || next >= rest.length) return;
    undisturbed &&= view.state.doc === ours;
    const last = next === rest.length - 1;
    const tr = view.state.update(
      pieceSpec(view.state, paste, rest[next]!, { from: at, more: !last, time }),
    );
    if (last && undisturbed) {
      const before = docText(startDoc);
      rememberDocText(tr.newDoc, before.slice(0, from) + text + before.slice(to));
    }
    next += 1;
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
