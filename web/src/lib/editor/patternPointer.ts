/**
 * Explains the pattern's token under the pointer, where the reader is looking: a tooltip with the
 * construct's source and the core's description of it, e.g. `\d{4}` "exactly 4 of a digit". The
 * page is told which character is pointed at while the tooltip shows (it outlines the construct
 * and marks its row in the explanation) and when it goes. Which construct a character belongs to
 * is the page's answer (`constructAt`): it knows whether its explanation is for the current text.
 */
import type { Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, type Tooltip } from '@codemirror/view';

/** What the tooltip shows of a construct (an ExplainNode has these). */
export interface Construct {
  span16: readonly [number, number];
  description: string;
}

export interface PatternPointerCallbacks {
  /** The construct written over the character at `pos16`, or null for none (no tooltip). */
  constructAt: (pos16: number) => Construct | null;
  /** The character under the pointer while a tooltip shows for it, then null. */
  onpoint?: (pos16: number | null) => void;
}

/** Pauses before a tooltip opens: long enough not to flicker while the pointer crosses. */
const HOVER_MS = 200;

export function patternPointer(callbacks: PatternPointerCallbacks): Extension {
  let shown = 0;
  const tooltipAt = (view: EditorView, pos: number, side: -1 | 1): Tooltip | null => {
    // The pointer is before `pos` (side -1: over the character ending there) or after it.
    const char = side < 0 ? pos - 1 : pos;
    if (char < 0 || char >= view.state.doc.length) return null;
    const construct = callbacks.constructAt(char);
    if (construct === null) return null;
    const [from, to] = construct.span16;
    if (to > view.state.doc.length) return null;
    return {
      pos: from,
      end: to,
      above: true,
      create: () => {
        const id = ++shown;
        callbacks.onpoint?.(char);
        return {
          dom: tooltipDom(view.state.sliceDoc(from, to), construct.description),
          destroy: () => {
            if (id === shown) callbacks.onpoint?.(null);
          },
        };
      },
    };
  };
  return [hoverTooltip(tooltipAt, { hoverTime: HOVER_MS, hideOnChange: true }), pointerTheme];
}

function tooltipDom(source: string, description: string): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'cm-rx-explain';
  const code = document.createElement('code');
  code.textContent = source;
  const text = document.createElement('span');
  text.textContent = description;
  dom.append(code, text);
  return dom;
}

/** From tokens.css: the page's panel colours, the explanation panel's source chip. */
const pointerTheme = EditorView.theme({
  '.cm-tooltip.cm-tooltip-hover': {
    border: '1px solid var(--color-border-strong)',
    borderRadius: 'var(--radius)',
    backgroundColor: 'var(--color-panel)',
    color: 'var(--color-text)',
    boxShadow: '0 2px 8px rgb(0 0 0 / 0.18)',
  },
  '.cm-rx-explain': {
    display: 'flex',
    alignItems: 'baseline',
    gap: '0.5rem',
    maxWidth: 'min(36rem, 90vw)',
    padding: '0.3rem 0.55rem',
    fontFamily: 'var(--font-sans)',
    fontSize: '0.875rem',
    lineHeight: '1.45',
  },
  '.cm-rx-explain code': {
    flex: 'none',
    maxWidth: '45%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'pre',
    padding: '0 0.3rem',
    border: '1px solid var(--color-border)',
    borderRadius: '4px',
    backgroundColor: 'var(--color-bg)',
    fontFamily: 'var(--font-mono)',
  },
});
