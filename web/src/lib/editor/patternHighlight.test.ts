/**
 * Pattern syntax colours: the explanation tree (as the Python core returns it; these trees were
 * produced by pyregex.explain and trimmed to kind, span16 and quantifierSpan16) becomes token
 * ranges, and a tree is applied only to the pattern it belongs to.
 */
import { EditorState } from '@codemirror/state';
import type { DecorationSet } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import type { ExplainNode } from '../engine/contract';
import { errorDecorations, errorMarker, errorRange, setError } from './errorMarker';
import {
  patternHighlight,
  setHighlight,
  setTree,
  tokenClass,
  treeTokens,
  type PatternToken,
} from './patternHighlight';
import { exactText } from './exactText';
import { EditorView } from '@codemirror/view';

interface Trimmed {
  kind: ExplainNode['kind'];
  span16: [number, number];
  quantifierSpan16?: [number, number];
  children: Trimmed[];
}

function node(trimmed: Trimmed): ExplainNode {
  return {
    ...trimmed,
    description: trimmed.kind,
    span: trimmed.span16,
    children: trimmed.children.map(node),
  };
}

const TREES: Record<string, { pattern: string; flags: string; tree: ExplainNode }> = {
  everything: {
    pattern: '^(?P<year>\\d{4})-(a|[^b-d\\w])+?\\1(?=x)(?#c)(?i:z)\\Z',
    flags: '',
    tree: node({
      kind: 'pattern',
      span16: [0, 51],
      children: [
        { kind: 'anchor', span16: [0, 1], children: [] },
        {
          kind: 'group',
          span16: [1, 16],
          children: [
            {
              kind: 'repeat',
              span16: [10, 15],
              quantifierSpan16: [12, 15],
              children: [{ kind: 'category', span16: [10, 12], children: [] }],
            },
          ],
        },
        { kind: 'literal', span16: [16, 17], children: [] },
        {
          kind: 'repeat',
          span16: [17, 31],
          quantifierSpan16: [29, 31],
          children: [
            {
              kind: 'group',
              span16: [17, 29],
              children: [
                {
                  kind: 'alternation',
                  span16: [18, 28],
                  children: [
                    {
                      kind: 'sequence',
                      span16: [18, 19],
                      children: [{ kind: 'literal', span16: [18, 19], children: [] }],
                    },
                    {
                      kind: 'sequence',
                      span16: [20, 28],
                      children: [
                        {
                          kind: 'class',
                          span16: [20, 28],
                          children: [
                            {
                              kind: 'range',
                              span16: [22, 25],
                              children: [
                                { kind: 'literal', span16: [22, 23], children: [] },
                                { kind: 'literal', span16: [24, 25], children: [] },
                              ],
                            },
                            { kind: 'category', span16: [25, 27], children: [] },
                          ],
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
        { kind: 'backref', span16: [31, 33], children: [] },
        {
          kind: 'lookahead',
          span16: [33, 38],
          children: [{ kind: 'literal', span16: [36, 37], children: [] }],
        },
        { kind: 'comment', span16: [38, 43], children: [] },
        {
          kind: 'scopedFlags',
          span16: [43, 49],
          children: [{ kind: 'literal', span16: [47, 48], children: [] }],
        },
        { kind: 'anchor', span16: [49, 51], children: [] },
      ],
    }),
  },
  verbose: {
    pattern: 'a # comment\n ( b ) *',
    flags: 'x',
    tree: node({
      kind: 'pattern',
      span16: [0, 20],
      children: [
        { kind: 'literal', span16: [0, 1], children: [] },
        { kind: 'comment', span16: [2, 11], children: [] },
        {
          kind: 'repeat',
          span16: [13, 20],
          quantifierSpan16: [19, 20],
          children: [
            {
              kind: 'group',
              span16: [13, 18],
              children: [{ kind: 'literal', span16: [15, 16], children: [] }],
            },
          ],
        },
      ],
    }),
  },
  astral: {
    pattern: '(?i)(a)?😀.(?(1)y|n)',
    flags: '',
    tree: node({
      kind: 'pattern',
      span16: [0, 20],
      children: [
        { kind: 'flags', span16: [0, 4], children: [] },
        {
          kind: 'repeat',
          span16: [4, 8],
          quantifierSpan16: [7, 8],
          children: [
            {
              kind: 'group',
              span16: [4, 7],
              children: [{ kind: 'literal', span16: [5, 6], children: [] }],
            },
          ],
        },
        { kind: 'literal', span16: [8, 10], children: [] },
        { kind: 'any', span16: [10, 11], children: [] },
        {
          kind: 'conditional',
          span16: [11, 20],
          children: [
            {
              kind: 'sequence',
              span16: [16, 17],
              children: [{ kind: 'literal', span16: [16, 17], children: [] }],
            },
            {
              kind: 'sequence',
              span16: [18, 19],
              children: [{ kind: 'literal', span16: [18, 19], children: [] }],
            },
          ],
        },
      ],
    }),
  },
  nested: {
    pattern: '((a)|b)',
    flags: '',
    tree: node({
      kind: 'pattern',
      span16: [0, 7],
      children: [
        {
          kind: 'group',
          span16: [0, 7],
          children: [
            {
              kind: 'alternation',
              span16: [1, 6],
              children: [
                {
                  kind: 'sequence',
                  span16: [1, 4],
                  children: [
                    {
                      kind: 'group',
                      span16: [1, 4],
                      children: [{ kind: 'literal', span16: [2, 3], children: [] }],
                    },
                  ],
                },
                {
                  kind: 'sequence',
                  span16: [5, 6],
                  children: [{ kind: 'literal', span16: [5, 6], children: [] }],
                },
              ],
            },
          ],
        },
      ],
    }),
  },
  'special groups': {
    pattern: '(?>a)(?<!b)()',
    flags: '',
    tree: node({
      kind: 'pattern',
      span16: [0, 13],
      children: [
        {
          kind: 'atomic',
          span16: [0, 5],
          children: [{ kind: 'literal', span16: [3, 4], children: [] }],
        },
        {
          kind: 'negativeLookbehind',
          span16: [5, 11],
          children: [{ kind: 'literal', span16: [9, 10], children: [] }],
        },
        { kind: 'group', span16: [11, 13], children: [] },
      ],
    }),
  },
};

/** Tokens as readable strings: `text:kind` with `/depth` inside groups. */
function show(tokens: readonly PatternToken[], pattern: string): string[] {
  return tokens.map(
    (token) =>
      `${pattern.slice(token.from, token.to)}:${token.kind}${token.depth ? `/${token.depth}` : ''}`,
  );
}

const tokensOf = (name: string) => {
  const { pattern, tree } = TREES[name]!;
  return show(treeTokens(tree, pattern), pattern);
};

describe('treeTokens', () => {
  it('tells every kind of construct apart', () => {
    expect(tokensOf('everything')).toEqual([
      '^:anchor',
      '(?P<year>:group/1',
      '\\d:category/1',
      '{4}:quantifier/1',
      '):group/1',
      '(:group/1',
      '|:alternation/1',
      '[^b-d\\w]:class/1',
      '[^:classBracket/1',
      '-:classRange/1',
      '\\w:category/1',
      ']:classBracket/1',
      '):group/1',
      '+?:quantifier',
      '\\1:backref',
      '(?=:lookaround/1',
      '):lookaround/1',
      '(?#c):comment',
      '(?i::scopedFlags/1',
      '):scopedFlags/1',
      '\\Z:anchor',
    ]);
  });

  it('uses the quantifier span, not the repeated part', () => {
    const { pattern, tree } = TREES.everything!;
    const quantifiers = treeTokens(tree, pattern).filter((t) => t.kind === 'quantifier');
    expect(quantifiers.map((t) => [t.from, t.to])).toEqual([
      [12, 15],
      [29, 31],
    ]);
  });

  it('counts nesting depth for parentheses and the | inside them', () => {
    expect(tokensOf('nested')).toEqual([
      '(:group/1',
      '(:group/2',
      '):group/2',
      '|:alternation/1',
      '):group/1',
    ]);
  });

  it('leaves verbose whitespace uncoloured and colours comments', () => {
    expect(tokensOf('verbose')).toEqual([
      '# comment:comment',
      '(:group/1',
      '):group/1',
      '*:quantifier',
    ]);
  });

  it('works in UTF-16 offsets (astral characters take two)', () => {
    expect(tokensOf('astral')).toEqual([
      '(?i):flags',
      '(:group/1',
      '):group/1',
      '?:quantifier',
      '.:any',
      '(?(1):conditional/1',
      '|:conditional/1',
      '):conditional/1',
    ]);
  });

  it('colours atomic groups, lookbehinds and empty groups', () => {
    expect(tokensOf('special groups')).toEqual([
      '(?>:noncapture/1',
      '):noncapture/1',
      '(?<!:lookaround/1',
      '):lookaround/1',
      '(:group/1',
      '):group/1',
    ]);
  });

  it('drops spans that do not fit the pattern', () => {
    const { tree } = TREES.everything!;
    const tokens = treeTokens(tree, '^(a)');
    expect(tokens.every((t) => t.to <= 4)).toBe(true);
  });

  it('gives parentheses a nesting style that cycles through the five group styles', () => {
    const token = (depth: number): PatternToken => ({ from: 0, to: 1, kind: 'group', depth });
    expect(tokenClass(token(1))).toBe('cm-rx-group cm-rx-depth1');
    expect(tokenClass(token(5))).toBe('cm-rx-group cm-rx-depth5');
    expect(tokenClass(token(6))).toBe('cm-rx-group cm-rx-depth1');
    expect(tokenClass({ from: 0, to: 1, kind: 'anchor', depth: 0 })).toBe('cm-rx-anchor');
  });
});

/** [from, to, class] of every decoration in a set. */
function ranges(set: DecorationSet): [number, number, string][] {
  const out: [number, number, string][] = [];
  set.between(0, 1e9, (from, to, value) => {
    out.push([from, to, String(value.spec.class ?? value.spec.widget?.constructor.name)]);
  });
  // A set may keep overlapping ranges in separate layers: compare in document order.
  return out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

function decorations(state: EditorState): [number, number, string][] {
  return state
    .facet(EditorView.decorations)
    .flatMap((source) => (typeof source === 'function' ? [] : ranges(source)));
}

describe('the tree field', () => {
  const { pattern, tree } = TREES.nested!;
  const start = () =>
    EditorState.create({ doc: pattern, extensions: [exactText, patternHighlight()] });

  it('applies a tree that belongs to the text', () => {
    const state = start().update({ effects: setTree.of({ tree, pattern }) }).state;
    expect(decorations(state).map(([from, to]) => pattern.slice(from, to))).toEqual([
      '(',
      '(',
      ')',
      '|',
      ')',
    ]);
  });

  it('ignores a tree computed for another text', () => {
    const state = start().update({ effects: setTree.of({ tree, pattern: '((a)|bc)' }) }).state;
    expect(decorations(state)).toEqual([]);
  });

  it('keeps the colours on their characters while the user types, until the next tree', () => {
    let state = start().update({ effects: setTree.of({ tree, pattern }) }).state;
    state = state.update({ changes: { from: 0, insert: 'xy' } }).state;
    const text = state.doc.toString();
    expect(decorations(state).map(([from, to]) => text.slice(from, to))).toEqual([
      '(',
      '(',
      ')',
      '|',
      ')',
    ]);
    // A pattern that does not compile has no tree: the mapped colours stay.
    state = state.update({ effects: setTree.of({ tree: null, pattern: text }) }).state;
    expect(decorations(state)).toHaveLength(5);
  });

  it('outlines a highlighted span and clears it', () => {
    let state = start().update({ effects: setHighlight.of([1, 4]) }).state;
    const outer = state
      .facet(EditorView.outerDecorations)
      .flatMap((source) => (typeof source === 'function' ? [] : ranges(source)));
    expect(outer).toEqual([[1, 4, 'cm-rx-highlight']]);
    state = state.update({ effects: setHighlight.of(null) }).state;
    expect(
      state
        .facet(EditorView.outerDecorations)
        .flatMap((source) => (typeof source === 'function' ? [] : ranges(source))),
    ).toEqual([]);
  });
});

describe('the error marker', () => {
  const doc = (text: string) => EditorState.create({ doc: text, extensions: exactText }).doc;

  it('marks the character at the position', () => {
    expect(errorRange(doc('a(b'), 1)).toEqual({ from: 1, to: 2 });
    expect(ranges(errorDecorations(doc('a(b'), { pos16: 1, message: 'm' }))).toEqual([
      [1, 2, 'cm-rx-error'],
    ]);
  });

  it('marks a whole astral character', () => {
    expect(errorRange(doc('😀x'), 0)).toEqual({ from: 0, to: 2 });
  });

  it('puts a caret widget at the end (and before a line break)', () => {
    expect(errorRange(doc('(ab'), 3)).toEqual({ from: 3, to: 3 });
    expect(errorRange(doc('ab\ncd'), 2)).toEqual({ from: 2, to: 2 });
    expect(ranges(errorDecorations(doc('(ab'), { pos16: 3, message: 'm' }))).toEqual([
      [3, 3, 'ErrorAtEnd'],
    ]);
  });

  it('clamps positions past the end and shows nothing without a position', () => {
    expect(errorRange(doc('ab'), 9)).toEqual({ from: 2, to: 2 });
    expect(ranges(errorDecorations(doc('ab'), { pos16: null, message: 'm' }))).toEqual([]);
  });

  it('follows edits and is replaced by the next error', () => {
    let state = EditorState.create({ doc: 'a(b', extensions: [exactText, errorMarker()] });
    state = state.update({ effects: setError.of({ pos16: 1, message: 'm' }) }).state;
    state = state.update({ changes: { from: 0, insert: 'zz' } }).state;
    expect(decorations(state)).toEqual([[3, 4, 'cm-rx-error']]);
    state = state.update({ effects: setError.of(null) }).state;
    expect(decorations(state)).toEqual([]);
  });
});
