/**
 * Match highlighting for the test string. Every match is an accent mark with an underline; the
 * groups inside it are tinted and underlined in their group style (1..5 by group number, each with
 * its own line style so they differ without colour), each nesting level's line a step lower; empty
 * matches are a caret-like marker; a line break inside a match shows as ↵; the hovered or selected
 * match is outlined with its groups.
 *
 * It must stay smooth with 100 000 matches, so decorations are built only for the visible ranges
 * (binary search in spanIndex.ts; a very long line only around the screen, screenWindows.ts),
 * never for all matches at once. Matches computed for an older
 * text follow the edits made since (their offsets are mapped through the changes) until fresh ones
 * arrive. The pure parts (pieces, windows, decorations for a state) run in Node for the tests.
 */
import {
  ChangeSet,
  StateEffect,
  StateField,
  type ChangeDesc,
  type EditorState,
  type Extension,
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
import { LINE_SEPARATOR, docText, textChange } from './exactText';
import { groupStyle } from './setup';
import { ScreenTracker, screenHasMoved } from './screenWindows';
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
    pieces.push({ from: match.span16[0], to: match.span16[1], match: i, group: null, classes });

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

/**
 * The decorations for the matches that touch `windows` (visible ranges of the current document,
 * sorted): only those, however many matches there are.
 */
export function matchDecorationsFor(
  state: EditorState,
  windows: readonly { from: number; to: number }[],
): DecorationSet {
  const { matches, index, mapping, focus } = state.field(matchesField);
  if (matches.length === 0 || windows.length === 0) return Decoration.none;
  const doc = state.doc;
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

  const ranges: Range<Decoration>[] = [];
  for (const piece of matchPieces(matches, indices, focus)) {
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
    ranges.push(markFor(piece).range(from, to));
    if (piece.group !== null) continue;
    for (const window of windows) {
      let pos = Math.max(from, window.from);
      const end = Math.min(to, window.to);
      while (pos < end) {
        const line = doc.lineAt(pos);
        if (line.to >= to) break;
        // Inside the match's mark the ↵ takes the mark's look; a match that starts at the line
        // break has no mark on this line, so the ↵ carries the match's classes itself.
        const alone = from >= line.to;
        const widget = new LineBreakMarker(alone ? piece.classes : '', alone ? piece.match : null);
        ranges.push(Decoration.widget({ widget, side: 1 }).range(line.to));
        pos = line.to + 1;
      }
    }
  }
  return Decoration.set(ranges, true);
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

const matchPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    readonly screen: ScreenTracker;
    constructor(view: EditorView) {
      this.screen = new ScreenTracker(view);
      this.decorations = matchDecorationsFor(view.state, this.screen.windows());
    }
    update(update: ViewUpdate) {
      this.screen.update(update);
      const changed = update.startState.field(matchesField) !== update.state.field(matchesField);
      if (changed || update.docChanged || update.viewportChanged || screenHasMoved(update))
        this.decorations = matchDecorationsFor(update.state, this.screen.windows());
    }
    destroy() {
      this.screen.destroy();
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** The match or group under a DOM event's target, or null. */
export function pointedAt(view: EditorView, target: EventTarget | null): Selection {
  if (!(target instanceof Element)) return null;
  const element = target.closest('[data-match]');
  if (element === null || !view.contentDOM.contains(element)) return null;
  const match = Number(element.getAttribute('data-match'));
  const group = element.getAttribute('data-group');
  if (!Number.isInteger(match)) return null;
  return { match, group: group === null ? null : Number(group) };
}

export interface MatchCallbacks {
  onhover?: (selection: Selection) => void;
  onselect?: (selection: Selection) => void;
}

function interaction(callbacks: MatchCallbacks): Extension {
  let last: Selection = null;
  const hover = (next: Selection) => {
    const same =
      next === last ||
      (next !== null && last !== null && next.match === last.match && next.group === last.group);
    if (same) return;
    last = next;
    callbacks.onhover?.(next);
  };
  return EditorView.domEventHandlers({
    mousemove(event, view) {
      hover(pointedAt(view, event.target));
    },
    mouseleave() {
      hover(null);
    },
    click(event, view) {
      const pointed = pointedAt(view, event.target);
      if (pointed !== null) callbacks.onselect?.(pointed);
    },
  });
}

/** Match highlighting with hover and click reporting; feed it `setMatches` and `setMatchFocus`. */
export function matchHighlight(callbacks: MatchCallbacks = {}): Extension {
  return [matchesField, matchPlugin, interaction(callbacks), matchTheme];
}

const levelStyles = [1, 2, 3, 4].map((level) => ({
  [`.cm-rx-level${level}`]: {
    textUnderlineOffset: `calc(2px + ${level} * var(--hl-line-step))`,
  },
}));

/** The look of matches and groups, from tokens.css (group variables are set in setup.ts). */
const matchTheme = EditorView.theme({
  '.cm-scroller': { lineHeight: '2' },
  '.cm-rx-match': {
    backgroundColor: 'var(--color-match-bg)',
    textDecorationLine: 'underline',
    textDecorationStyle: 'var(--match-line-style)',
    textDecorationColor: 'var(--color-match-line)',
    textDecorationThickness: 'var(--hl-line-thickness)',
    textUnderlineOffset: '2px',
    textDecorationSkipInk: 'none',
    // A thin edge where each match starts, so adjacent matches ("aaa" by 'a') can be told apart.
    boxShadow: 'inset 1px 0 0 var(--color-match-line)',
  },
  '.cm-rx-cap': {
    backgroundColor: 'var(--rx-group-bg)',
    textDecorationLine: 'underline',
    textDecorationStyle: 'var(--rx-group-style)',
    textDecorationColor: 'var(--rx-group-line)',
    textDecorationThickness: 'var(--hl-line-thickness)',
    textDecorationSkipInk: 'none',
  },
  ...Object.assign({}, ...levelStyles),
  '.cm-rx-match-active': {
    outline: 'var(--hl-line-thickness) solid var(--color-match-line)',
    outlineOffset: '1px',
  },
  '.cm-rx-cap-active': {
    outline: '1px solid var(--rx-group-line)',
  },
  '.cm-rx-picked': {
    outline: 'var(--hl-line-thickness) solid var(--rx-group-line, var(--color-match-line))',
    outlineOffset: '2px',
  },
  '.cm-rx-empty.cm-rx-cap': {
    borderLeft: 'var(--hl-line-thickness) var(--rx-group-border-style) var(--rx-group-line)',
  },
  '.cm-rx-empty.cm-rx-cap::before': { borderTopColor: 'var(--rx-group-line)' },
  '.cm-rx-eol': {
    color: 'var(--color-text-muted)',
    padding: '0 0.15em',
  },
});
