import { undo } from '@codemirror/commands';
import { EditorState, Transaction, type TransactionSpec } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import { docText } from './exactText';
import { PIECE_CHARS, pasteSlices, pastePiecewise, type PasteTarget } from './piecewisePaste';
import { baseSetup, editReporter, syncValue } from './setup';

/** A text of `lines` lines with CRLF, a lone \r and an emoji in each, about 40 characters a line. */
function bigText(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`line ${i} 😀 tab\there\r`);
  return `${out.join('\n')}\n`;
}

/** An editor without a DOM: its state, every edit reported as the page hears it. */
class FakeEditor implements PasteTarget {
  state: EditorState;
  connected = true;
  reported: string[] = [];
  readonly #report = editReporter((text) => this.reported.push(text));

  constructor(doc: string, cursor: { anchor: number; head?: number }) {
    this.state = EditorState.create({
      doc,
      selection: cursor,
      extensions: baseSetup(),
    });
  }

  dispatch(given: Transaction | TransactionSpec): void {
    const tr = given instanceof Transaction ? given : this.state.update(given);
    this.state = tr.state;
    this.#report({ docChanged: tr.docChanged, transactions: [tr], state: tr.state });
  }
}

/** Runs the paste with each piece's task started by `between` (an edit made meanwhile, say). */
async function paste(
  editor: FakeEditor,
  text: string,
  between: (piece: number) => void = () => {},
) {
  let piece = 0;
  await pastePiecewise(editor, text, async () => between(++piece));
}

describe('pasteSlices', () => {
  it('cuts a text into pieces that join back to it, after a line break where one is near', () => {
    const text = bigText(40_000);
    const slices = pasteSlices(text);
    expect(slices.join('')).toBe(text);
    expect(slices.length).toBeGreaterThanOrEqual(Math.floor(text.length / PIECE_CHARS));
    for (const slice of slices.slice(0, -1)) {
      expect(slice.length).toBeLessThanOrEqual(PIECE_CHARS);
      expect(slice.length).toBeGreaterThan(PIECE_CHARS * 0.9);
      expect(slice.endsWith('\n')).toBe(true);
    }
  });

  it('never cuts a surrogate pair in two when no line break is near', () => {
    const text = '😀'.repeat(30);
    const slices = pasteSlices(text, 7);
    expect(slices.join('')).toBe(text);
    for (const slice of slices) {
      expect(slice.charCodeAt(slice.length - 1)).toBeGreaterThanOrEqual(0xdc00);
      expect(slice.charCodeAt(0)).toBeLessThan(0xdc00);
    }
  });
});

describe('pastePiecewise', () => {
  const before = 'keep this\r\n[selected]\r\nand this';
  const selected = { anchor: before.indexOf('['), head: before.indexOf(']') + 1 };
  const pasted = bigText(50_000);
  const expected = before.replace('[selected]', pasted);

  it('puts the text in exactly over the selection, reported once, undone in one step', async () => {
    const editor = new FakeEditor(before, selected);
    await paste(editor, pasted);
    expect(pasteSlices(pasted).length).toBeGreaterThan(2);
    expect(docText(editor.state.doc)).toBe(expected);
    expect(editor.state.doc.toString()).toBe(expected);
    expect(editor.reported).toEqual([expected]);
    expect(editor.state.selection.main.head).toBe(selected.anchor + pasted.length);
    undo({ state: editor.state, dispatch: (tr) => editor.dispatch(tr) });
    expect(docText(editor.state.doc)).toBe(before);
  });

  it('keeps an edit made during the paste, and the rest of the paste follows it', async () => {
    const editor = new FakeEditor(before, selected);
    await paste(editor, pasted, (piece) => {
      if (piece !== 1) return;
      // The user types at the very start while the paste goes on.
      editor.dispatch({ changes: { from: 0, insert: '>' }, userEvent: 'input.type' });
    });
    expect(docText(editor.state.doc)).toBe(`>${expected}`);
    expect(editor.state.doc.toString()).toBe(`>${expected}`);
    expect(editor.reported.at(-1)).toBe(`>${expected}`);
  });

  it('keeps what is typed at the end of the paste so far after the whole paste', async () => {
    const editor = new FakeEditor(before, selected);
    await paste(editor, pasted, (piece) => {
      if (piece !== 1) return;
      // The caret follows the paste; typing there while it goes on.
      const caret = editor.state.selection.main.head;
      editor.dispatch({
        changes: { from: caret, insert: '>' },
        selection: { anchor: caret + 1 },
        userEvent: 'input.type',
      });
    });
    const typedAfter = before.replace('[selected]', `${pasted}>`);
    expect(docText(editor.state.doc)).toBe(typedAfter);
    expect(editor.state.doc.toString()).toBe(typedAfter);
    expect(editor.state.selection.main.head).toBe(typedAfter.indexOf('>') + 1);
    expect(editor.reported.at(-1)).toBe(typedAfter);
  });

  it('finishes a paste still going on before the next huge paste begins', async () => {
    const editor = new FakeEditor(before, selected);
    const second = bigText(40_000).replaceAll('line', 'LINE');
    let secondDone: Promise<void> = Promise.resolve();
    await paste(editor, pasted, (piece) => {
      if (piece === 1) secondDone = pastePiecewise(editor, second, async () => {});
    });
    await secondDone;
    const both = before.replace('[selected]', `${pasted}${second}`);
    expect(docText(editor.state.doc)).toBe(both);
    expect(editor.state.doc.toString()).toBe(both);
    expect(editor.reported.at(-1)).toBe(both);
    // Two pastes, two undo steps.
    undo({ state: editor.state, dispatch: (tr) => editor.dispatch(tr) });
    expect(docText(editor.state.doc)).toBe(expected);
    undo({ state: editor.state, dispatch: (tr) => editor.dispatch(tr) });
    expect(docText(editor.state.doc)).toBe(before);
  });

  it('stops when a value comes in from outside (a permalink opened)', async () => {
    const editor = new FakeEditor(before, selected);
    await paste(editor, pasted, (piece) => {
      // syncValue reads the state and dispatches a spec: the fake editor is all it needs.
      if (piece === 1) syncValue(editor as unknown as EditorView, 'from a link');
    });
    expect(docText(editor.state.doc)).toBe('from a link');
  });

  it('drops the rest when the editor is gone', async () => {
    const editor = new FakeEditor('', { anchor: 0 });
    await paste(editor, pasted, () => {
      editor.connected = false;
    });
    expect(editor.state.doc.length).toBe(pasteSlices(pasted)[0]!.length);
    expect(editor.reported).toEqual([]);
  });
});
