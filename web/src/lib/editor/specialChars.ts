/**
 * Makes invisible characters visible without changing the text: control characters (`\r`, NUL,
 * escape...) are drawn as a small badge with their short name (CR, NUL, ESC), tabs keep
 * their width but show an arrow, and the look-alike spaces a regex treats differently from ' '
 * (no-break and the typographic spaces) show as ⍽. The document is never touched: these are
 * decorations only, so copy, undo and the value the page runs on stay exact.
 */
import type { Extension } from '@codemirror/state';
import {
  Decoration,
  MatchDecorator,
  ViewPlugin,
  highlightSpecialChars,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from '@codemirror/view';

/** Spaces that look like ' ' but are other characters (`\s` matches them, a literal ' ' does not). */
const LOOKALIKE_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;

const SPACE_NAMES: Record<number, string> = {
  0xa0: 'no-break space',
  0x202f: 'narrow no-break space',
  0x3000: 'ideographic space',
};

/** The name a screen reader hears for a look-alike space, e.g. "no-break space (U+00A0)". */
export function spaceName(code: number): string {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return `${SPACE_NAMES[code] ?? 'space'} (U+${hex})`;
}

/** Short names, as editors show them, for the characters drawn as a badge. */
const ABBREVIATIONS: Record<number, string> = {
  ...Object.fromEntries(
    'NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US'
      .split(' ')
      .map((name, code) => [code, name]),
  ),
  0x7f: 'DEL',
  0x85: 'NEL',
  0xad: 'SHY',
  0x200b: 'ZWSP',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LS',
  0x2029: 'PS',
  0xfeff: 'BOM',
};

/** The badge text for a special character, e.g. "CR" for \r, "U+202E" where there is no short name. */
export function badgeText(code: number): string {
  return ABBREVIATIONS[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Control characters become a small badge with their short name ("CR", "NUL"): every font has
 * those letters, unlike the Control Pictures symbols (␍), which many monospace fonts lack.
 */
function renderSpecial(code: number, description: string | null): HTMLElement {
  const span = document.createElement('span');
  const isSpace = LOOKALIKE_SPACES.test(String.fromCharCode(code));
  const name = isSpace ? spaceName(code) : (description ?? `U+${code.toString(16)}`);
  span.textContent = isSpace ? '⍽' : badgeText(code);
  span.title = name;
  // A named image, so screen readers say what the badge stands for (a bare span may not be named).
  span.setAttribute('role', 'img');
  span.setAttribute('aria-label', name);
  span.className = isSpace ? 'cm-specialChar cm-rx-space' : 'cm-specialChar cm-rx-badge';
  return span;
}

const tabMark = Decoration.mark({ class: 'cm-rx-tab' });

const tabDecorator = new MatchDecorator({ regexp: /\t/g, decoration: () => tabMark });

/** Marks each tab so CSS can draw an arrow over it (the tab keeps its width). */
const tabMarkers = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = tabDecorator.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = tabDecorator.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Control characters, tabs and look-alike spaces made visible. */
export function visibleSpecialChars(): Extension {
  return [
    highlightSpecialChars({ addSpecialChars: LOOKALIKE_SPACES, render: renderSpecial }),
    tabMarkers,
  ];
}
