/**
 * The editors must hand the page exactly the text the user set or pasted: CodeMirror's default
 * line splitting would turn CRLF and lone \r into \n. These tests drive real EditorStates (with
 * the editors' own extensions) in Node and check what `onchange` receives.
 */
import { EditorSelection, EditorState, type Transaction } from '@codemirror/state';
import { describe, expect, it, vi } from 'vitest';
import { changeTo, docText, exactText, textChange } from './exactText';
import { baseSetup, editReporter, fromOutside, lineMode } from './setup';

const SAMPLES: Record<string, string> = {
  crlf: 'first line\r\nsecond line\r\n',
  'lone \\r': 'carriage\rreturn\r',
  'mixed breaks': 'a\nb\r\nc\rd\n\re',
  tabs: '\tindented\tand\ttabbed\t',
  'trailing newline': 'text\n',
  'only newlines': '\n\n\n',
  'astral chars': '😀 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧 flag 🇳🇱',
  'control chars': 'nul\u0000bell\u0007esc\u001bdel\u007f',
  'unicode separators': 'line\u2028separator\u2029paragraph\u0085next',
  'no-break spaces': 'a\u00a0b\u202fc\u3000d',
  empty: '',
};

/** A state set up like the editors', reporting user edits into `seen`. */
function editor(doc: string, seen: string[]) {
  const report = editReporter((value) => seen.push(value));
  let state = EditorState.create({ doc, extensions: [baseSetup(), lineMode(true)] });
  const apply = (tr: Transaction) => {
    report({ docChanged: tr.docChanged, transactions: [tr], state: tr.state });
    state = tr.state;
  };
  return {
    get state() {
      return state;
    },
    /** What CodeMirror's paste handler does with clipboard text (state.toText + replaceSelection). */
    paste(text: string) {
      apply(state.update(state.replaceSelection(state.toText(text)), { userEvent: 'input.paste' }));
    },
    type(text: string) {
      apply(state.update(state.replaceSelection(text), { userEvent: 'input.type' }));
    },
    typeAtEnd(text: string) {
      const end = state.doc.length;
      apply(state.update({ changes: { from: end, insert: text }, userEvent: 'input.type' }));
    },
    selectAll() {
      apply(state.update({ selection: EditorSelection.range(0, state.doc.length) }));
    },
    /** A value set from outside (a permalink): the page must not be told it back. */
    setFromOutside(value: string) {
      const change = changeTo(state, value);
      if (change) apply(state.update({ changes: change, annotations: fromOutside.of(true) }));
    },
  };
}

describe('exact text', () => {
  it.each(Object.entries(SAMPLES))('round-trips %s through an EditorState', (_name, text) => {
    const state = EditorState.create({ doc: text, extensions: exactText });
    expect(docText(state.doc)).toBe(text);
    expect(state.doc.length).toBe(text.length);
    expect(state.sliceDoc()).toBe(text);
  });

  it('reads each document once, and a changed document anew', () => {
    const state = EditorState.create({ doc: 'a\r\nb', extensions: exactText });
    const join = vi.spyOn(state.doc, 'toJSON');
    expect(docText(state.doc)).toBe('a\r\nb');
    expect(docText(state.doc)).toBe('a\r\nb');
    expect(join).toHaveBeenCalledTimes(1);
    const edited = state.update({ changes: { from: 4, insert: 'c' } }).state;
    expect(docText(edited.doc)).toBe('a\r\nbc');
    expect(docText(state.doc)).toBe('a\r\nb');
  });

  it('keeps \\r as a character of its line, not a line break', () => {
    const state = EditorState.create({ doc: 'a\r\nb\rc', extensions: exactText });
    expect(state.doc.lines).toBe(2);
    expect(state.doc.line(1).text).toBe('a\r');
    expect(state.doc.line(2).text).toBe('b\rc');
    expect(state.lineBreak).toBe('\n');
  });

  it('would lose CRLF and lone \\r without it (why the extension exists)', () => {
    const state = EditorState.create({ doc: 'a\r\nb\rc' });
    expect(state.doc.toString()).toBe('a\nb\nc');
  });

  it.each(Object.entries(SAMPLES))('reports a pasted %s text exactly', (_name, text) => {
    const seen: string[] = [];
    const ed = editor('', seen);
    ed.paste(text);
    if (text === '') expect(seen).toEqual([]);
    else expect(seen).toEqual([text]);
    expect(docText(ed.state.doc)).toBe(text);
  });

  it('reports the whole text after pasting into the middle', () => {
    const seen: string[] = [];
    const ed = editor('start\r\nend\n', seen);
    ed.selectAll();
    ed.paste('x\r\ny\rz\t😀\n');
    ed.type('!');
    expect(seen).toEqual(['x\r\ny\rz\t😀\n', 'x\r\ny\rz\t😀\n!']);
  });

  it.each(Object.entries(SAMPLES))('takes a %s value set from outside exactly', (_name, text) => {
    const seen: string[] = [];
    const ed = editor('something\r\nelse', seen);
    ed.setFromOutside(text);
    expect(docText(ed.state.doc)).toBe(text);
    // Not echoed back: the page already has this value.
    expect(seen).toEqual([]);
    ed.typeAtEnd('+');
    expect(seen).toEqual([`${text}+`]);
  });
});

describe('textChange', () => {
  const apply = (before: string, after: string) => {
    const change = textChange(before, after);
    if (change === null) return before;
    return before.slice(0, change.from) + change.insert + before.slice(change.to);
  };

  it('is null for equal texts', () => {
    expect(textChange('abc', 'abc')).toBeNull();
  });

  it('replaces only what differs', () => {
    expect(textChange('hello world', 'hello brave world')).toEqual({
      from: 6,
      to: 6,
      insert: 'brave ',
    });
    expect(textChange('a\r\nb', 'a\nb')).toEqual({ from: 1, to: 2, insert: '' });
  });

  it('never cuts a surrogate pair', () => {
    // 😀 (d83d de00) → 😃 (d83d de03): same high half, but the pair must be replaced whole.
    expect(textChange('x😀y', 'x😃y')).toEqual({ from: 1, to: 3, insert: '😃' });
    // 🀀 (d83c dc00) → 😀 (d83d de00) ... different low halves too.
    expect(textChange('😀', '\ud83c\ude00')).toEqual({ from: 0, to: 2, insert: '\ud83c\ude00' });
  });

  it.each([
    ['', 'abc'],
    ['abc', ''],
    ['aaaa', 'aa'],
    ['aa', 'aaaa'],
    ['ab😀😀cd', 'ab😀cd'],
    ['\r\n\r\n', '\r\n'],
    ['x\ty', 'x  y'],
  ])('turns %j into %j', (before, after) => {
    expect(apply(before, after)).toBe(after);
  });
});
