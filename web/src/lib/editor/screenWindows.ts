/**
 * Which stretches of the document to decorate. CodeMirror's visible ranges are small for texts of
 * many lines, but for one very long wrapped line they include a margin of some 10 000 characters
 * on each side of the screen — with a match on every character that would be 20 000 marks. So a
 * long visible range is cut down to what is on screen (measured after each scroll or viewport
 * change) plus a margin, and the decorating plugins are told (`screenMoved`) when that moves.
 */
import { StateEffect } from '@codemirror/state';
import type { EditorView, ViewUpdate } from '@codemirror/view';

/** A visible range longer than this is cut down to the screen ± MARGIN. */
export const LONG_RANGE = 6_000;
/** Characters decorated beyond the screen's edges, so a short scroll shows no undecorated text. */
export const MARGIN = 1_500;

/** How much of a long range to keep: ranges longer than `longRange`, cut to screen ± `margin`. */
export interface WindowSizes {
  longRange: number;
  margin: number;
}

/** For decorations, which change the DOM (each move of the screen re-lays out what it wraps). */
export const DECORATION_WINDOWS: WindowSizes = { longRange: LONG_RANGE, margin: MARGIN };

/**
 * For CSS highlights, which need no layout but cost the browser on every frame it paints: Chromium
 * 156 records highlighted text afresh each time anything on the page is painted (a caret's blink
 * included), about 10–20 µs a range here, so only what is on screen, and a little around it, gets
 * ranges; moving them with the screen changes no DOM.
 */
export const HIGHLIGHT_WINDOWS: WindowSizes = { longRange: 1_000, margin: 200 };

/** Tells the plugins that decorate windows that the screen moved within a long range. */
export const screenMoved = StateEffect.define<null>();

export interface Window {
  from: number;
  to: number;
}

/**
 * The windows to decorate: each visible range, a long one cut to `screen` ± MARGIN (or, before the
 * screen is known, to its first MARGIN characters). Pure.
 */
export function decoratedWindows(
  visible: readonly Window[],
  screen: Window | null,
  { longRange, margin }: WindowSizes = DECORATION_WINDOWS,
): Window[] {
  const windows: Window[] = [];
  for (const range of visible) {
    if (range.to - range.from <= longRange) {
      windows.push(range);
      continue;
    }
    const around = screen ?? { from: range.from, to: range.from };
    const from = Math.max(range.from, around.from - margin);
    const to = Math.min(range.to, around.to + margin);
    if (from < to) windows.push({ from, to });
  }
  return windows;
}

/** Keeps track of the on-screen part of the document for a decorating plugin. */
export class ScreenTracker {
  screen: Window | null = null;
  private readonly onScroll = () => this.schedule();

  constructor(
    private readonly view: EditorView,
    private readonly sizes: WindowSizes = DECORATION_WINDOWS,
  ) {
    view.scrollDOM.addEventListener('scroll', this.onScroll, { passive: true });
    window.addEventListener('scroll', this.onScroll, { passive: true });
    this.schedule();
  }

  /** The windows to decorate now. */
  windows(): Window[] {
    return decoratedWindows(this.view.visibleRanges, this.screen, this.sizes);
  }

  update(update: ViewUpdate): void {
    if (this.screen !== null && update.docChanged) {
      this.screen = {
        from: update.changes.mapPos(this.screen.from, -1),
        to: update.changes.mapPos(this.screen.to, 1),
      };
    }
    if (update.viewportChanged || update.geometryChanged || update.docChanged) this.schedule();
  }

  destroy(): void {
    this.view.scrollDOM.removeEventListener('scroll', this.onScroll);
    window.removeEventListener('scroll', this.onScroll);
  }

  private hasLongRange(): boolean {
    return this.view.visibleRanges.some((range) => range.to - range.from > this.sizes.longRange);
  }

  private schedule(): void {
    if (!this.hasLongRange()) return;
    this.view.requestMeasure({
      key: this,
      read: (view) => {
        const box = view.scrollDOM.getBoundingClientRect();
        const top = Math.max(box.top, 0);
        const bottom = Math.min(box.bottom, window.innerHeight);
        if (bottom <= top) return null;
        const from = view.posAtCoords({ x: box.left + 1, y: top + 1 }, false);
        const to = view.posAtCoords({ x: box.right - 1, y: bottom - 1 }, false);
        return { from: Math.min(from, to), to: Math.max(from, to) };
      },
      write: (screen, view) => {
        if (screen === null) return;
        const old = this.screen;
        const step = this.sizes.margin / 2;
        if (old && Math.abs(old.from - screen.from) < step && Math.abs(old.to - screen.to) < step)
          return;
        this.screen = screen;
        // Not inside the measure cycle: an update may not start there.
        setTimeout(() => {
          if (view.dom.isConnected) view.dispatch({ effects: screenMoved.of(null) });
        });
      },
    });
  }
}

/** Whether an update carries `screenMoved`. */
export function screenHasMoved(update: ViewUpdate): boolean {
  return update.transactions.some((tr) => tr.effects.some((effect) => effect.is(screenMoved)));
}
