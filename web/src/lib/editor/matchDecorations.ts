/**
 * Match highlighting for the test string. Every match is an accent mark with an underline; the
 * groups inside it are tinted and underlined in their group style (1..5 by group number, each with
 * its own line style so they differ without colour), each nesting level's line a step lower; empty
 * matches are a caret-like marker; a line break inside a match shows as ↵; the hovered or selected
 * match is outlined with its groups.
 *
 * Drawn as CSS highlights where the browser draws them (cssHighlights.ts, highlightMode.ts), with
 * decorations only for what a highlight cannot draw (outlines, markers); elsewhere all as
 * decorations. It must stay smooth with 100 000 matches, so only the matches in the visible
 * ranges are drawn (binary search in spanIndex.ts; a very long line only around the screen,
 * screenWindows.ts), never all at once. Matches computed for an older text follow the edits made
 * since (their offsets are mapped through the changes) until fresh ones arrive. The pure parts
 * (pieces, windows, layers for a state) run in Node for the tests; matchHighlight.ts assembles
 * the extension with matchPointer.ts and matchTheme.ts.
 */
import {
  ChangeSet,
  StateEffect,
  StateField,
  type ChangeDesc,
  type EditorState,
  type Range,
} from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import type { Selection } from '../app/selection';
import type { Match } from '../engine/contract';
import { MatchTable, type MatchesLike } from '../engine/matchTable';
import { HighlightPainter } from './cssHighlights';
import { LINE_SEPARATOR, docText, textChange } from './exactText';
import { groupStyle } from './setup';
import {
  DECORATION_WINDOWS,
  HIGHLIGHT_WINDOWS,
  ScreenTracker,
  screenHasMoved,
  type Window,
} from './screenWindows';
import { indexSpans, spansTouching, type SpanIndex } from './spanIndex';

/** What is hovered and what is selected (either may be null). */
export interface MatchFocus {
  hover: Selection;
  selected: Selection;
}

/** One highlighted stretch: a whole match (group null) or one group of it. Empty when from = to. */
export interface Piece {
  from: number;
  to: number;
  match: number;
  group: number | null;
  classes: string;
  /** Hovered or selected: drawn with outlines, which only an element can have. */
  active: boolean;
  /** A group's nesting level (1..MAX_LEVEL); 0 for a whole match. */
  level: number;
}

/** Deepest nesting level with its own underline offset (deeper ones share it). */
export const MAX_LEVEL = 4;

/**
 * Nesting level of each group of a match (1 = directly inside the match), by group index.
 * A group inside another one is a level deeper; equal spans nest by group number.
 */
export function groupLevels(match: Match): Map<number, number> {
  const groups = match.groups.slice(1).filter((group) => group.span16 !== null);
  const levels = new Map<number, number>();
  for (const group of groups) {
    const [start, end] = group.span16!;
    let level = 1;
    for (const other of groups) {
      if (other === group) continue;
      const [oStart, oEnd] = other.span16!;
      const contains = oStart <= start && end <= oEnd;
      const larger = oEnd - oStart > end - start;
      if (contains && (larger || other.index < group.index)) level++;
    }
    levels.set(group.index, level);
  }
  return levels;
}

/** The pieces of the matches `indices` (into `matches`), with their classes for `focus`. */
export function matchPieces(
  matches: MatchesLike,
  indices: readonly number[],
  focus: MatchFocus,
): Piece[] {
  const pieces: Piece[] = [];
  const { hover, selected } = focus;
  for (const i of indices) {
    const match = matches.at(i);
    if (match === undefined) continue;
    const active = hover?.match === i || selected?.match === i;
    const picked = new Set<number>();
    for (const pointer of [hover, selected]) {
      if (pointer?.match === i && pointer.group !== null) picked.add(pointer.group);
    }
    let classes = 'cm-rx-match';
    if (active) classes += ' cm-rx-match-active';
    if (selected?.match === i) classes += ' cm-rx-match-selected';
    if (picked.has(0)) classes += ' cm-rx-picked';
    pieces.push({
      from: match.span16[0],
      to: match.span16[1],
      match: i,
      group: null,
      classes,
      active,
      level: 0,
    });

    const levels = groupLevels(match);
    for (const group of match.groups.slice(1)) {
      if (group.span16 === null) continue;
      const level = Math.min(levels.get(group.index) ?? 1, MAX_LEVEL);
      let groupClasses = `cm-rx-cap cm-rx-g${groupStyle(group.index)} cm-rx-level${level}`;
      if (active) groupClasses += ' cm-rx-cap-active';
      if (picked.has(group.index)) groupClasses += ' cm-rx-picked';
      pieces.push({
        from: group.span16[0],
        to: group.span16[1],
        match: i,
        group: group.index,
        classes: groupClasses,
        active,
        level,
      });
    }
  }
  return pieces;
}

// ---- state ------------------------------------------------------------------------------------

/** New matches, and the text they were computed for (undefined: the editor's current text). */
export interface MatchesUpdate {
  matches: MatchTable;
  text?: string | undefined;
}

export const setMatches = StateEffect.define<MatchesUpdate>();
export const setMatchFocus = StateEffect.define<Partial<MatchFocus>>();

export interface MatchesValue {
  matches: MatchTable;
  /** The text they were set with (undefined: the document as it was then). */
  text: string | undefined;
  index: SpanIndex;
  /** From the text the matches belong to, to the current document; null when they are the same. */
  mapping: ChangeDesc | null;
  focus: MatchFocus;
}

function valueFor(matches: MatchTable, text: string | undefined, focus: MatchFocus): MatchesValue {
  return {
    matches,
    text,
    index: indexSpans(
      matches.length,
      (i) => matches.start16(i),
      (i) => matches.end16(i),
    ),
    mapping: null,
    focus,
  };
}

const NO_FOCUS: MatchFocus = { hover: null, selected: null };

export const matchesField = StateField.define<MatchesValue>({
  create: () => valueFor(MatchTable.EMPTY, undefined, NO_FOCUS),
  update(value, tr) {
    let next = value;
    if (tr.docChanged && next.matches.length > 0) {
      const mapping = next.mapping ? next.mapping.composeDesc(tr.changes.desc) : tr.changes.desc;
      next = { ...next, mapping };
    }
    for (const effect of tr.effects) {
      if (effect.is(setMatches)) {
        const { matches, text } = effect.value;
        // The same matches for the same text again: the mapping kept since still holds.
        if (matches === next.matches && text !== undefined && text === next.text) continue;
        // No matches before or after: there is nothing to map.
        if (matches.length === 0 && next.matches.length === 0) continue;
        next = valueFor(matches, text, next.focus);
        const change = text === undefined ? null : textChange(text, docText(tr.state.doc));
        // Split inserted text on our separator only, or a \r\n in it would count as one unit.
        if (change !== null) next.mapping = ChangeSet.of(change, text!.length, LINE_SEPARATOR).desc;
      } else if (effect.is(setMatchFocus)) {
        next = { ...next, focus: { ...next.focus, ...effect.value } };
      }
    }
    return next;
  },
});

// ---- decorations ------------------------------------------------------------------------------

class EmptyMarker extends WidgetType {
  constructor(
    readonly classes: string,
    readonly match: number,
    readonly group: number | null,
  ) {
    super();
  }
  override eq(other: EmptyMarker): boolean {
    return (
      other.classes === this.classes && other.match === this.match && other.group === this.group
    );
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = `cm-rx-empty ${this.classes}`;
    span.dataset.match = String(this.match);
    if (this.group !== null) span.dataset.group = String(this.group);
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

/**
 * ↵ at the end of a line whose line break is part of a match (a break has no glyph to mark).
 * Inside the match's mark it needs nothing else; on its own (a match that starts at the break) it
 * carries the match's classes and `data-match` itself.
 */
class LineBreakMarker extends WidgetType {
  constructor(
    readonly classes: string,
    readonly match: number | null,
  ) {
    super();
  }
  override eq(other: LineBreakMarker): boolean {
    return other.classes === this.classes && other.match === this.match;
  }
  toDOM(): HTMLElement {
    const span = document.createElement('span');
    span.className = `cm-rx-eol ${this.classes}`.trim();
    span.textContent = '↵';
    if (this.match !== null) span.dataset.match = String(this.match);
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

function markFor(piece: Piece): Decoration {
  const attributes: Record<string, string> = { 'data-match': String(piece.match) };
  if (piece.group !== null) attributes['data-group'] = String(piece.group);
  // Inclusive, so the mark also wraps a control character's badge that starts or ends it.
  return Decoration.mark({ class: piece.classes, attributes, inclusive: true });
}

/** A stretch for the CSS Custom Highlight API: highlight `name` over [from, to) of the document. */
export interface HighlightSpan {
  name: string;
  from: number;
  to: number;
}

/** How match highlights are drawn: as CodeMirror decorations, or as CSS highlights (see highlightMode.ts). */
export type HighlightMode = 'decorations' | 'api';

/** What one state's visible matches become: decorations, and (in 'api' mode) CSS highlight spans. */
export interface MatchLayers {
  decorations: DecorationSet;
  highlights: HighlightSpan[];
}

/** The CSS highlight a piece is drawn with: alternating for whole matches, by style and level for groups. */
export function highlightName(piece: Piece): string {
  if (piece.group === null) return `rx-match-${piece.match % 2}`;
  return `rx-g${groupStyle(piece.group)}-l${piece.level}`;
}

/** The indices of the matches touching `windows`, in the order found. */
function matchesInWindows(state: EditorState, windows: readonly Window[]): number[] {
  const { index, mapping } = state.field(matchesField);
  const inverse = mapping?.invertedDesc ?? null;
  const seen = new Set<number>();
  const indices: number[] = [];
  for (const window of windows) {
    const from = inverse ? inverse.mapPos(window.from, -1) : window.from;
    const to = inverse ? inverse.mapPos(window.to, 1) : window.to;
    for (const i of spansTouching(index, from, to)) {
      if (!seen.has(i)) {
        seen.add(i);
        indices.push(i);
      }
    }
  }
  return indices;
}

/**
 * The matches that touch `windows` (visible ranges of the current document, sorted): only those,
 * however many matches there are. In 'decorations' mode every piece is a decoration. In 'api' mode
 * the stretches of matches and groups become CSS highlight spans (cut to the windows), and only
 * what a highlight cannot draw stays a decoration: the hovered or selected match with its groups
 * (outlines), empty matches and line breaks (widgets).
 */
export function matchLayersFor(
  state: EditorState,
  windows: readonly Window[],
  mode: HighlightMode = 'decorations',
): MatchLayers {
  const { matches, mapping, focus } = state.field(matchesField);
  if (matches.length === 0 || windows.length === 0)
    return { decorations: Decoration.none, highlights: [] };
  const doc = state.doc;

  const ranges: Range<Decoration>[] = [];
  const highlights: HighlightSpan[] = [];
  for (const piece of matchPieces(matches, matchesInWindows(state, windows), focus)) {
    const wasEmpty = piece.from === piece.to;
    // Spans past the end of the text they came with are not ours to show (and cannot be mapped).
    if (mapping && piece.to > mapping.length) continue;
    const from = mapping ? mapping.mapPos(piece.from, 1) : piece.from;
    const to = mapping ? Math.max(from, mapping.mapPos(piece.to, -1)) : piece.to;
    if (from > doc.length || to > doc.length || from < 0) continue;
    if (wasEmpty) {
      const widget = new EmptyMarker(piece.classes, piece.match, piece.group);
      ranges.push(Decoration.widget({ widget, side: 1 }).range(from));
      continue;
    }
    if (from === to) continue; // its text was deleted since
    if (mode === 'api' && !piece.active) {
      const name = highlightName(piece);
      for (const window of windows) {
        const start = Math.max(from, window.from);
        const end = Math.min(to, window.to);
        if (start < end) highlights.push({ name, from: start, to: end });
      }
    } else {
      ranges.push(markFor(piece).range(from, to));
    }
    if (piece.group !== null) continue;
    for (const window of windows) {
      let pos = Math.max(from, window.from);
      const end = Math.min(to, window.to);
      while (pos < end) {
        const line = doc.lineAt(pos);
        if (line.to >= to) break;
        // Inside the match's mark the ↵ takes the mark's look; a match that starts at the line
        // break has no mark on this line, so the ↵ carries the match's classes itself. A CSS
        // highlight cannot paint a widget: there the ↵ always carries them.
        const alone = from >= line.to || (mode === 'api' && !piece.active);
        const widget = new LineBreakMarker(alone ? piece.classes : '', alone ? piece.match : null);
        ranges.push(Decoration.widget({ widget, side: 1 }).range(line.to));
        pos = line.to + 1;
      }
    }
  }
  return { decorations: Decoration.set(ranges, true), highlights };
}

/** The decorations for the matches that touch `windows`, every piece a decoration. */
export function matchDecorationsFor(state: EditorState, windows: readonly Window[]): DecorationSet {
  return matchLayersFor(state, windows, 'decorations').decorations;
}

/** Where `selection` is in the current document (mapped if the text changed), or null. */
export function selectionRange(
  state: EditorState,
  selection: Selection,
): { from: number; to: number } | null {
  if (selection === null) return null;
  const { matches, mapping } = state.field(matchesField);
  const match = matches.at(selection.match);
  if (match === undefined) return null;
  const group = selection.group === null ? null : match.groups[selection.group];
  const span = group?.span16 ?? match.span16;
  if (mapping && span[1] > mapping.length) return null;
  const from = mapping ? mapping.mapPos(span[0], 1) : span[0];
  const to = mapping ? Math.max(from, mapping.mapPos(span[1], -1)) : span[1];
  if (to > state.doc.length) return null;
  return { from, to };
}

/**
 * Keeps the visible matches drawn: decorations always (in 'api' mode only what a highlight cannot
 * draw), and in 'api' mode the CSS highlights, repainted once CodeMirror has updated its DOM.
 */
export function matchPlugin(mode: HighlightMode) {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet = Decoration.none;
      highlights: HighlightSpan[] = [];
      readonly screen: ScreenTracker;
      readonly painter = mode === 'api' ? new HighlightPainter() : null;
      private paintQueued = false;
      /** CodeMirror redrew some of its DOM since the last paint: every range must be placed anew. */
      private domChanged = true;

      constructor(readonly view: EditorView) {
        this.screen = new ScreenTracker(
          view,
          mode === 'api' ? HIGHLIGHT_WINDOWS : DECORATION_WINDOWS,
        );
        this.compute(view.state);
      }
      update(update: ViewUpdate) {
        this.screen.update(update);
        const changed = update.startState.field(matchesField) !== update.state.field(matchesField);
        if (changed || update.docChanged || update.viewportChanged || screenHasMoved(update))
          this.compute(update.state);
      }
      docViewUpdate() {
        this.domChanged = true;
        this.queuePaint();
      }
      destroy() {
        this.screen.destroy();
        this.painter?.clear();
      }
      private compute(state: EditorState) {
        const layers = matchLayersFor(state, this.screen.windows(), mode);
        this.decorations = layers.decorations;
        this.highlights = layers.highlights;
        this.queuePaint();
      }
      /** Paints after the update that is under way has brought the DOM up to date. */
      private queuePaint() {
        if (this.painter === null || this.paintQueued) return;
        this.paintQueued = true;
        queueMicrotask(() => {
          this.paintQueued = false;
          if (!this.view.dom.isConnected) return;
          this.painter?.paint(this.view, this.highlights, this.domChanged);
          this.domChanged = false;
        });
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
}
