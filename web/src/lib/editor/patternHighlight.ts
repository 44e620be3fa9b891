/**
 * Syntax colours for the pattern, taken from the Python core's explanation tree (so they agree with
 * what CPython parsed, verbose mode and all): a pure tree → token ranges step, and the state fields
 * that turn tokens into decorations. A tree is applied only when it belongs to the editor's current
 * text; until a fresh one arrives, the previous colours follow the edits (mapped through changes),
 * so typing never flashes the highlighting off. Also the outline of a hovered span (a group the
 * user points at in the match list or the explanation). No DOM access here.
 */
import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { ExplainNode } from '../engine/contract';
import { docText } from './exactText';
import { groupStyle } from './setup';

/** What a token is; each kind has its own look (colour plus weight, style or underline). */
export type TokenKind =
  | 'group'
  | 'noncapture'
  | 'lookaround'
  | 'conditional'
  | 'scopedFlags'
  | 'flags'
  | 'alternation'
  | 'class'
  | 'classBracket'
  | 'classRange'
  | 'quantifier'
  | 'escape'
  | 'category'
  | 'any'
  | 'anchor'
  | 'backref'
  | 'comment';

/** A stretch of the pattern to colour, in UTF-16 offsets. */
export interface PatternToken {
  from: number;
  to: number;
  kind: TokenKind;
  /** Nesting depth of groups (1 = outermost group); 0 outside every group. */
  depth: number;
}

const GROUP_LIKE: Partial<Record<ExplainNode['kind'], TokenKind>> = {
  group: 'group',
  noncapture: 'noncapture',
  atomic: 'noncapture',
  lookahead: 'lookaround',
  negativeLookahead: 'lookaround',
  lookbehind: 'lookaround',
  negativeLookbehind: 'lookaround',
  conditional: 'conditional',
  scopedFlags: 'scopedFlags',
};

const WHOLE: Partial<Record<ExplainNode['kind'], TokenKind>> = {
  escape: 'escape',
  category: 'category',
  any: 'any',
  anchor: 'anchor',
  backref: 'backref',
  flags: 'flags',
  comment: 'comment',
};

/**
 * The tokens of `tree` (the explanation of `pattern`), sorted by start, outer before inner.
 * Spans outside the pattern are dropped, so a tree that does not fit cannot break the editor.
 */
export function treeTokens(tree: ExplainNode, pattern: string): PatternToken[] {
  const tokens: PatternToken[] = [];
  const add = (from: number, to: number, kind: TokenKind, depth: number) => {
    if (Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from)
      if (to <= pattern.length) tokens.push({ from, to, kind, depth });
  };
  /** Each occurrence of `char` between consecutive children (the `|` of an alternation). */
  const separators = (node: ExplainNode, char: string, kind: TokenKind, depth: number) => {
    for (let i = 1; i < node.children.length; i++) {
      const gapFrom = node.children[i - 1]!.span16[1];
      const gapTo = node.children[i]!.span16[0];
      for (let at = gapFrom; at < gapTo; at++)
        if (pattern[at] === char) add(at, at + 1, kind, depth);
    }
  };

  const walk = (node: ExplainNode, depth: number) => {
    const [start, end] = node.span16;
    const groupKind = GROUP_LIKE[node.kind];
    if (groupKind !== undefined) {
      const inner = depth + 1;
      const closes = pattern[end - 1] === ')';
      let openEnd = node.children[0]?.span16[0] ?? (closes ? end - 1 : end);
      // Verbose mode: whitespace after "(?:" belongs to no construct; leave it uncoloured.
      while (openEnd > start + 1 && /\s/.test(pattern[openEnd - 1] ?? '')) openEnd--;
      add(start, openEnd, groupKind, inner);
      for (const child of node.children) walk(child, inner);
      if (node.kind === 'conditional') separators(node, '|', 'conditional', inner);
      if (closes && end - 1 >= openEnd) add(end - 1, end, groupKind, inner);
      return;
    }
    const whole = WHOLE[node.kind];
    if (whole !== undefined) {
      add(start, end, whole, depth);
      for (const child of node.children) walk(child, depth);
      return;
    }
    switch (node.kind) {
      case 'alternation':
        separators(node, '|', 'alternation', depth);
        break;
      case 'class': {
        add(start, end, 'class', depth);
        const first = node.children[0]?.span16[0] ?? end - 1;
        add(start, first, 'classBracket', depth);
        if (pattern[end - 1] === ']' && end - 1 >= first) add(end - 1, end, 'classBracket', depth);
        break;
      }
      case 'range':
        separators(node, '-', 'classRange', depth);
        break;
      case 'repeat': {
        const quantifier = node.quantifierSpan16 ?? [node.children[0]?.span16[1] ?? start, end];
        add(quantifier[0], quantifier[1], 'quantifier', depth);
        break;
      }
      default:
        break;
    }
    for (const child of node.children) walk(child, depth);
  };

  walk(tree, 0);
  return tokens.sort((a, b) => a.from - b.from || b.to - a.to);
}

/** The CSS classes of a token: `cm-rx-<kind>`, and for parentheses their nesting style 1..5. */
export function tokenClass(token: PatternToken): string {
  const base = `cm-rx-${token.kind}`;
  return token.depth > 0 ? `${base} cm-rx-depth${groupStyle(token.depth)}` : base;
}

const markCache = new Map<string, Decoration>();
function markFor(className: string): Decoration {
  let mark = markCache.get(className);
  if (mark === undefined) {
    // Not inclusive: text typed at a token's edge must not join it while the tokens are mapped.
    mark = Decoration.mark({ class: className });
    markCache.set(className, mark);
  }
  return mark;
}

/** The decorations for a list of tokens. */
export function tokenDecorations(tokens: readonly PatternToken[]): DecorationSet {
  const ranges: Range<Decoration>[] = tokens.map((token) =>
    markFor(tokenClass(token)).range(token.from, token.to),
  );
  return Decoration.set(ranges, true);
}

/** A tree and the exact pattern it was computed for. */
export interface TreeUpdate {
  tree: ExplainNode | null;
  /** The pattern the tree belongs to; undefined means "the current text". */
  pattern?: string | undefined;
}

/** Offers a new explanation tree; ignored when its pattern is not the editor's text. */
export const setTree = StateEffect.define<TreeUpdate>();

const treeField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setTree)) continue;
      const text = docText(tr.state.doc);
      const { tree, pattern } = effect.value;
      if (pattern !== undefined && pattern !== text) continue;
      // No tree (the pattern does not compile): keep the last colours, mapped through the edits.
      if (tree !== null) next = tokenDecorations(treeTokens(tree, text));
      else if (text === '') next = Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Outlines [from, to) of the pattern, or nothing with null. */
export const setHighlight = StateEffect.define<readonly [number, number] | null>();

const highlightMark = Decoration.mark({ class: 'cm-rx-highlight' });

const highlightField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, tr) {
    let next = decorations.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setHighlight)) continue;
      const span = effect.value;
      const length = tr.state.doc.length;
      next =
        span !== null && span[0] >= 0 && span[0] < span[1] && span[1] <= length
          ? Decoration.set(highlightMark.range(span[0], span[1]))
          : Decoration.none;
    }
    return next;
  },
  // Outer decorations stay in one piece around the token marks, so the outline is one box.
  provide: (field) => EditorView.outerDecorations.from(field),
});

/** Syntax colours from the tree (send `setTree`) and the hover outline (send `setHighlight`). */
export function patternHighlight(): Extension {
  return [treeField, highlightField, patternTheme];
}

const depthStyles = [1, 2, 3, 4, 5].map((n) => ({
  [`.cm-rx-depth${n}`]: {
    '--rx-depth-line': `var(--color-group-${n}-line)`,
    '--rx-depth-bg': `var(--color-group-${n}-bg)`,
  },
}));

/** Colours from tokens.css (--color-syntax-*); each kind also differs in weight, style or line. */
const patternTheme = EditorView.theme({
  ...Object.assign({}, ...depthStyles),
  '.cm-rx-group, .cm-rx-noncapture': {
    color: 'var(--rx-depth-line)',
    backgroundColor: 'var(--rx-depth-bg)',
    fontWeight: '700',
    borderRadius: '2px',
  },
  '.cm-rx-lookaround, .cm-rx-conditional': {
    color: 'var(--color-syntax-lookaround)',
    fontWeight: '700',
    fontStyle: 'italic',
  },
  '.cm-rx-scopedFlags, .cm-rx-flags': {
    color: 'var(--color-syntax-flags)',
    fontStyle: 'italic',
  },
  '.cm-rx-alternation': { color: 'var(--color-syntax-quantifier)', fontWeight: '700' },
  '.cm-rx-alternation.cm-rx-depth1, .cm-rx-alternation.cm-rx-depth2, .cm-rx-alternation.cm-rx-depth3, .cm-rx-alternation.cm-rx-depth4, .cm-rx-alternation.cm-rx-depth5':
    { color: 'var(--rx-depth-line)' },
  '.cm-rx-class': { color: 'var(--color-syntax-class)' },
  '.cm-rx-classBracket, .cm-rx-classRange': { fontWeight: '700' },
  '.cm-rx-quantifier': { color: 'var(--color-syntax-quantifier)', fontWeight: '700' },
  '.cm-rx-escape, .cm-rx-category': { color: 'var(--color-syntax-escape)' },
  '.cm-rx-any': { color: 'var(--color-syntax-escape)', fontWeight: '700' },
  '.cm-rx-anchor': { color: 'var(--color-syntax-anchor)', fontWeight: '700' },
  '.cm-rx-backref': {
    color: 'var(--color-syntax-backref)',
    textDecoration: 'underline dotted',
    textUnderlineOffset: '3px',
  },
  '.cm-rx-comment, .cm-rx-comment *': {
    color: 'var(--color-syntax-comment)',
    fontStyle: 'italic',
    fontWeight: '400',
    backgroundColor: 'transparent',
  },
  '.cm-rx-highlight': {
    outline: 'var(--hl-line-thickness) solid var(--color-match-line)',
    outlineOffset: '1px',
    borderRadius: '2px',
  },
});
