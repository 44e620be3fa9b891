/**
 * What every CodeMirror editor of the page shares: exact text, visible special characters, undo,
 * a keymap that leaves Tab (focus moves on) and Ctrl/Cmd+Enter (the page's "run now") alone, the
 * accessible name on the contenteditable, the value sync with Svelte props, and the look, built
 * only from the CSS custom properties of tokens.css so the dark theme needs nothing here.
 * No component state lives here; the .svelte components own their views.
 */
import {
  defaultKeymap,
  history,
  historyKeymap,
  insertNewline,
  isolateHistory,
} from '@codemirror/commands';
import { search, searchKeymap } from '@codemirror/search';
import { Annotation, EditorState, Prec, type Extension, type Transaction } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  keymap,
  placeholder as placeholderText,
  type KeyBinding,
  type ViewUpdate,
} from '@codemirror/view';
import { changeTo, docText, exactText } from './exactText';
import { morePasteToCome, piecewisePaste } from './piecewisePaste';
import { visibleSpecialChars } from './specialChars';

/** Marks a transaction that brings an outside value in, so it is not reported back as an edit. */
export const fromOutside = Annotation.define<boolean>();

/** Keys that belong to the page or the browser, not to the editor. */
const LEFT_TO_THE_PAGE = new Set(['Mod-Enter', 'Ctrl-m', 'Enter']);

/** CodeMirror's default keys minus the ones above, plus undo/redo. Tab is never bound. */
const editingKeymap: readonly KeyBinding[] = [
  ...defaultKeymap.filter((binding) => !LEFT_TO_THE_PAGE.has(binding.key ?? '')),
  ...historyKeymap,
];

/** Find in long texts (only the visible part of a long text is in the DOM for the browser's find). */
const findKeymap: readonly KeyBinding[] = searchKeymap.filter((binding) =>
  ['Mod-f', 'F3', 'Mod-g', 'Escape'].includes(binding.key ?? ''),
);

/** Enter inserts exactly "\n" (no copied indentation: the text must be what the user typed). */
const newlineKeymap: readonly KeyBinding[] = [
  { key: 'Enter', run: insertNewline, shift: insertNewline },
];

/** Enter in a single-line editor does nothing (pasted line breaks are kept, though). */
const singleLineKeymap: readonly KeyBinding[] = [
  { key: 'Enter', run: () => true, shift: () => true },
];

export interface AccessibleAttrs {
  /** The accessible name, e.g. "Pattern". */
  label: string;
  multiline: boolean;
  id?: string | undefined;
  readOnly?: boolean;
  /** The id of the element describing an error, when there is one. */
  errorId?: string | null | undefined;
}

/** DOM attributes for the contenteditable: role textbox (CodeMirror's), name, state. */
export function accessibleAttrs(attrs: AccessibleAttrs): Extension {
  const values: Record<string, string> = {
    'aria-label': attrs.label,
    'aria-multiline': attrs.multiline ? 'true' : 'false',
  };
  if (attrs.id) values.id = attrs.id;
  if (attrs.readOnly) values['aria-readonly'] = 'true';
  if (attrs.errorId) {
    values['aria-invalid'] = 'true';
    values['aria-describedby'] = attrs.errorId;
  }
  return EditorView.contentAttributes.of(values);
}

/** Enter's behaviour: a newline, or nothing in a single-line editor. */
export function lineMode(multiline: boolean): Extension {
  return Prec.high(keymap.of(multiline ? newlineKeymap : singleLineKeymap));
}

/**
 * The pattern and replacement editors wrap long input; past a few lines they scroll inside
 * themselves, so a pasted 100 000-character pattern or replacement keeps the page in reach.
 */
export const boundedHeight: Extension = EditorView.theme({
  '&': { maxHeight: 'var(--line-editor-max-height, 16rem)' },
  '.cm-scroller': { overflow: 'auto' },
});

export interface BaseOptions {
  /** Reports each edit by the user (not values set from outside) with the whole text. */
  onchange?: ((value: string) => void) | undefined;
  readOnly?: boolean;
  /** Ctrl/Cmd+F search panel (for long texts). */
  find?: boolean;
  placeholder?: string | undefined;
}

/** The part of a view update the edit reporter reads (a ViewUpdate has it). */
export type UpdateLike = Pick<ViewUpdate, 'docChanged' | 'transactions' | 'state'>;

/**
 * Calls `onchange` with the exact text after each update that holds an edit by the user; values
 * brought in from outside (`fromOutside`) are not echoed back, and a huge paste is reported once
 * its last piece is in (piecewisePaste.ts).
 */
export function editReporter(onchange: (value: string) => void): (update: UpdateLike) => void {
  return (update) => {
    if (!update.docChanged) return;
    const reported = (tr: Transaction) =>
      tr.docChanged && !tr.annotation(fromOutside) && !tr.annotation(morePasteToCome);
    if (!update.transactions.some(reported)) return;
    onchange(docText(update.state.doc));
  };
}

/**
 * Text inserted as one piece (an IME, the OS's text insertion, a test driver's fill) goes through
 * the browser's editing first, which turns each `\r` into a line break and each line into a DOM
 * paragraph CodeMirror must read back (slow for thousands of lines). When such an insertion holds
 * a line break or `\r`, insert its exact text ourselves. (Paste and drop are exact already:
 * CodeMirror reads them from the clipboard data and splits lines on our separator only.)
 */
const exactInsertion = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (view.state.readOnly || event.inputType !== 'insertText') return false;
    const data = event.data;
    if (data === null || !/[\r\n]/.test(data)) return false;
    event.preventDefault();
    const { from, to } = insertionTarget(event, view);
    const text = view.state.toText(data);
    view.dispatch({
      changes: { from, to, insert: text },
      selection: { anchor: from + text.length },
      userEvent: 'input.type',
      scrollIntoView: true,
    });
    return true;
  },
});

/**
 * What the browser was about to replace. The DOM selection can be newer than CodeMirror's (a
 * select-all just before the insertion is read back asynchronously), so the event's own target
 * range wins; CodeMirror's selection is the fallback.
 */
function insertionTarget(event: InputEvent, view: EditorView): { from: number; to: number } {
  const [range] = event.getTargetRanges();
  if (range !== undefined) {
    try {
      const a = view.posAtDOM(range.startContainer, range.startOffset);
      const b = view.posAtDOM(range.endContainer, range.endOffset);
      return { from: Math.min(a, b), to: Math.max(a, b) };
    } catch {
      // A range outside the editor's content: fall back to CodeMirror's own selection.
    }
  }
  const { from, to } = view.state.selection.main;
  return { from, to };
}

/** The extensions every editor starts with. */
export function baseSetup(options: BaseOptions = {}): Extension {
  const { onchange } = options;
  return [
    exactText,
    exactInsertion,
    piecewisePaste(),
    visibleSpecialChars(),
    history(),
    drawSelection(),
    EditorView.lineWrapping,
    EditorState.readOnly.of(options.readOnly ?? false),
    options.find ? [search({ top: true }), keymap.of(findKeymap)] : [],
    keymap.of(editingKeymap),
    options.placeholder ? placeholderText(options.placeholder) : [],
    onchange ? EditorView.updateListener.of(editReporter(onchange)) : [],
    editorTheme,
  ];
}

/**
 * Brings an outside value (a permalink, a reset) into the editor when it differs from the text:
 * only the differing part is replaced, so the cursor stays where it was while the user types.
 */
export function syncValue(view: EditorView, value: string): void {
  const change = changeTo(view.state, value);
  if (change === null) return;
  view.dispatch({ changes: change, annotations: fromOutside.of(true) });
}

/** Where an inserted text goes: at the cursor (replacing the selection), or after the text. */
export type InsertAt = 'cursor' | 'end';

/**
 * Inserts `text` as the user's own edit (the Reference panel's click): at the cursor, replacing a
 * selection, or at the end of the text; the cursor ends after it. One undo step of its own (never
 * merged with typing just before), reported through `onchange` like typing; the editor is focused.
 */
export function insertText(view: EditorView, text: string, at: InsertAt = 'cursor'): void {
  const end = view.state.doc.length;
  const spec =
    at === 'end'
      ? { changes: { from: end, insert: text }, selection: { anchor: end + text.length } }
      : view.state.replaceSelection(text);
  view.dispatch(spec, {
    userEvent: 'input.paste',
    annotations: isolateHistory.of('full'),
    scrollIntoView: true,
  });
  view.focus();
}

/** Group highlight style N (1..5) for group `index` (≥ 1), as tokens.css numbers them. */
export function groupStyle(index: number): number {
  return ((((index - 1) % 5) + 5) % 5) + 1;
}

const groupStyles = [1, 2, 3, 4, 5].map((n) => ({
  [`.cm-rx-g${n}`]: {
    '--rx-group-line': `var(--color-group-${n}-line)`,
    '--rx-group-bg': `var(--color-group-${n}-bg)`,
    '--rx-group-style': `var(--group-${n}-line-style)`,
    // Borders have no wavy style; the wavy group gets a solid bar where a border is drawn.
    '--rx-group-border-style': n === 5 ? 'solid' : `var(--group-${n}-line-style)`,
  },
}));

/** The look of every editor, from the design tokens only. */
const editorTheme = EditorView.theme({
  '&': {
    color: 'var(--color-text)',
    backgroundColor: 'var(--color-bg)',
    border: '1px solid var(--color-border-strong)',
    borderRadius: 'var(--radius)',
    fontSize: '0.95rem',
  },
  '&.cm-focused': {
    outline: 'var(--focus-ring-width) solid var(--color-focus)',
    outlineOffset: '1px',
    boxShadow: '0 0 0 1px var(--color-focus-halo)',
  },
  '.cm-scroller': {
    fontFamily: 'var(--font-mono)',
    lineHeight: '1.6',
  },
  '.cm-content': {
    padding: '0.35rem 0',
    caretColor: 'var(--color-text)',
  },
  // The ring is drawn around the whole editor (above); not again around the inner content.
  '.cm-content:focus-visible': { outline: 'none', boxShadow: 'none' },
  '.cm-line': { padding: '0 0.6rem' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--color-text)', borderLeftWidth: '2px' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground':
    { backgroundColor: 'var(--color-selection)' },
  '.cm-placeholder': { color: 'var(--color-text-muted)' },

  // Invisible characters made visible (specialChars.ts).
  '.cm-specialChar': { color: 'var(--color-warning)' },
  '.cm-rx-badge': {
    display: 'inline-block',
    padding: '0 0.2em',
    margin: '0 0.1em',
    border: '1px solid var(--color-warning)',
    borderRadius: '3px',
    fontFamily: 'var(--font-sans)',
    fontSize: '0.62em',
    fontWeight: '700',
    lineHeight: '1.35',
    verticalAlign: '0.15em',
    letterSpacing: '0.02em',
  },
  '.cm-rx-space': { color: 'var(--color-text-muted)' },
  '.cm-rx-tab': { position: 'relative' },
  '.cm-rx-tab::before': {
    content: '"→"',
    position: 'absolute',
    left: '0',
    color: 'var(--color-text-muted)',
    pointerEvents: 'none',
  },

  // Find panel (Ctrl/Cmd+F).
  '.cm-panels': {
    backgroundColor: 'var(--color-panel)',
    color: 'var(--color-text)',
    fontFamily: 'var(--font-sans)',
  },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--color-border)' },
  '.cm-textfield': {
    backgroundColor: 'var(--color-bg)',
    color: 'var(--color-text)',
    border: '1px solid var(--color-border-strong)',
    borderRadius: 'calc(var(--radius) / 2)',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--color-action)',
    color: 'var(--color-on-action)',
    border: '1px solid var(--color-action-edge)',
    borderRadius: 'calc(var(--radius) / 2)',
  },
  '.cm-button:hover': { backgroundColor: 'var(--color-action-hover)' },
  '.cm-search label': { color: 'var(--color-text)' },
  '.cm-panel.cm-search [name=close]': { color: 'var(--color-text)' },
  '.cm-searchMatch': {
    backgroundColor: 'var(--color-selection)',
    outline: '1px solid var(--color-action-edge)',
  },
  '.cm-searchMatch.cm-searchMatch-selected': {
    outline: '2px solid var(--color-action-edge)',
  },

  // Group highlight styles 1..5 (tokens.css): each sets the variables its highlights use.
  ...Object.assign({}, ...groupStyles),

  // An empty match or replacement (matchDecorations.ts, markDecorations.ts): a bar between two
  // characters that takes no room, with a small flag on top so it is easy to spot.
  '.cm-rx-empty': {
    display: 'inline-block',
    position: 'relative',
    width: '0',
    height: '1.3em',
    verticalAlign: 'text-bottom',
    borderLeft: 'var(--hl-line-thickness) solid var(--color-match-line)',
    marginRight: 'calc(-1 * var(--hl-line-thickness))',
    backgroundColor: 'transparent',
  },
  '.cm-rx-empty::before': {
    content: '""',
    position: 'absolute',
    top: '-1px',
    left: 'calc(-3px - var(--hl-line-thickness) / 2)',
    borderLeft: '3px solid transparent',
    borderRight: '3px solid transparent',
    borderTop: '4px solid var(--color-match-line)',
  },

  // An error position (errorMarker.ts): a wavy underline on the character, or a caret at the end.
  '.cm-rx-error': {
    color: 'var(--color-error)',
    backgroundColor: 'var(--color-error-bg)',
    textDecoration: 'underline wavy var(--color-error)',
    textDecorationThickness: 'var(--hl-line-thickness)',
    textUnderlineOffset: '3px',
    textDecorationSkipInk: 'none',
  },
  '.cm-rx-error *': { color: 'var(--color-error)' },
  '.cm-rx-error-end': {
    display: 'inline-block',
    width: '1ch',
    height: '1.2em',
    verticalAlign: 'text-bottom',
    backgroundColor: 'var(--color-error-bg)',
    borderBottom: 'var(--hl-line-thickness) solid var(--color-error)',
    borderLeft: 'var(--hl-line-thickness) solid var(--color-error)',
    boxSizing: 'border-box',
  },
});
