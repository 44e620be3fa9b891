/**
 * Match highlighting: which pieces a match and its groups become, that only the matches touching
 * the visible windows are decorated (100 000 matches stay cheap), and that matches computed for an
 * older text follow the edits made since. Real EditorStates in Node; no view needed.
 */
import { EditorState } from '@codemirror/state';
import type { DecorationSet } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import type { Group, Match } from '../engine/contract';
import { MatchTable } from '../engine/matchTable';
import { exactText } from './exactText';
import {
  groupLevels,
  highlightName,
  matchDecorationsFor,
  matchLayersFor,
  matchesField,
  matchPieces,
  selectionRange,
  setMatchFocus,
  setMatches,
} from './matchDecorations';
import { markDecorationsFor, marksField, setMarks } from './markDecorations';
import { matchAt } from './matchPointer';
import { LONG_RANGE, MARGIN, decoratedWindows } from './screenWindows';
import { indexSpans, spansTouching } from './spanIndex';

type Span = [number, number];

function group(index: number, span: Span | null, text = ''): Group {
  return {
    index,
    name: null,
    span,
    span16: span,
    value: span === null ? null : text.slice(span[0], span[1]),
  };
}

function match(span: Span, ...groups: (Span | null)[]): Match {
  return {
    span,
    span16: span,
    groups: [group(0, span), ...groups.map((g, i) => group(i + 1, g))],
  };
}

/** Every match of a one-character pattern in `text` (what re.finditer('a', text) would give). */
function everyChar(text: string, char: string): Match[] {
  const found: Match[] = [];
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1))
    found.push(match([i, i + 1]));
  return found;
}

interface Seen {
  from: number;
  to: number;
  classes: string;
  widget: string | null;
  attrs: Record<string, string>;
}

function list(set: DecorationSet): Seen[] {
  const out: Seen[] = [];
  set.between(0, 1e12, (from, to, value) => {
    const spec = value.spec as {
      class?: string;
      attributes?: Record<string, string>;
      widget?: { classes?: string; constructor: { name: string } };
    };
    out.push({
      from,
      to,
      classes: spec.class ?? spec.widget?.classes ?? '',
      widget: spec.widget ? spec.widget.constructor.name : null,
      attrs: spec.attributes ?? {},
    });
  });
  // A set may keep overlapping ranges in separate layers: compare in document order.
  return out.sort((a, b) => a.from - b.from || b.to - a.to);
}

function stateWith(doc: string, matches: Match[], text?: string) {
  const table = MatchTable.fromMatches(matches, text ?? doc);
  return EditorState.create({ doc, extensions: [exactText, matchesField] }).update({
    effects: setMatches.of({ matches: table, text }),
  }).state;
}

const all = (state: EditorState) => [{ from: 0, to: state.doc.length }];

describe('spanIndex', () => {
  const spans: Span[] = [
    [0, 2],
    [2, 2],
    [5, 9],
    [9, 12],
    [20, 20],
  ];
  const index = indexSpans(
    spans.length,
    (i) => spans[i]![0],
    (i) => spans[i]![1],
  );
  const touching = (from: number, to: number) => spansTouching(index, from, to);

  it('finds the spans touching a window, empty ones on its edges included', () => {
    expect(touching(0, 0)).toEqual([0]);
    expect(touching(2, 2)).toEqual([0, 1]);
    expect(touching(3, 4)).toEqual([]);
    expect(touching(6, 9)).toEqual([2, 3]);
    expect(touching(13, 25)).toEqual([4]);
  });

  it('copes with unsorted and overlapping spans', () => {
    const odd: Span[] = [
      [10, 12],
      [0, 30],
      [5, 6],
    ];
    const oddIndex = indexSpans(
      odd.length,
      (i) => odd[i]![0],
      (i) => odd[i]![1],
    );
    expect(spansTouching(oddIndex, 20, 21)).toEqual([1]);
    expect(spansTouching(oddIndex, 11, 11)).toEqual([1, 0]);
  });
});

describe('decoratedWindows', () => {
  it('keeps ordinary visible ranges whole', () => {
    const visible = [
      { from: 0, to: 500 },
      { from: 900, to: 900 + LONG_RANGE },
    ];
    expect(decoratedWindows(visible, null)).toEqual(visible);
  });

  it('cuts a very long range (one long wrapped line) to the screen and a margin', () => {
    const visible = [{ from: 0, to: 100_000 }];
    expect(decoratedWindows(visible, { from: 50_000, to: 51_000 })).toEqual([
      { from: 50_000 - MARGIN, to: 51_000 + MARGIN },
    ]);
    // Before the screen is measured: the start of the range.
    expect(decoratedWindows(visible, null)).toEqual([{ from: 0, to: MARGIN }]);
    // Never outside the range.
    expect(decoratedWindows(visible, { from: 99_900, to: 100_000 })).toEqual([
      { from: 99_900 - MARGIN, to: 100_000 },
    ]);
  });
});

describe('matchPieces', () => {
  it('gives every match its mark and every group its style and nesting level', () => {
    // (a(b)(c)) on "xabcx": group 1 [1,4), group 2 [2,3), group 3 [3,4)
    const m = match([1, 4], [1, 4], [2, 3], [3, 4]);
    expect(groupLevels(m)).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 2],
      ]),
    );
    const pieces = matchPieces([m], [0], { hover: null, selected: null });
    expect(pieces.map((p) => [p.from, p.to, p.group, p.classes])).toEqual([
      [1, 4, null, 'cm-rx-match'],
      [1, 4, 1, 'cm-rx-cap cm-rx-g1 cm-rx-level1'],
      [2, 3, 2, 'cm-rx-cap cm-rx-g2 cm-rx-level2'],
      [3, 4, 3, 'cm-rx-cap cm-rx-g3 cm-rx-level2'],
    ]);
  });

  it('cycles group styles by group number and caps the nesting level', () => {
    const nested = match([0, 7], [0, 7], [0, 6], [0, 5], [0, 4], [0, 3], [0, 2]);
    const pieces = matchPieces([nested], [0], { hover: null, selected: null });
    expect(pieces.slice(1).map((p) => p.classes)).toEqual([
      'cm-rx-cap cm-rx-g1 cm-rx-level1',
      'cm-rx-cap cm-rx-g2 cm-rx-level2',
      'cm-rx-cap cm-rx-g3 cm-rx-level3',
      'cm-rx-cap cm-rx-g4 cm-rx-level4',
      'cm-rx-cap cm-rx-g5 cm-rx-level4',
      'cm-rx-cap cm-rx-g1 cm-rx-level4',
    ]);
  });

  it('skips groups that did not take part', () => {
    const pieces = matchPieces([match([0, 1], null, [0, 1])], [0], {
      hover: null,
      selected: null,
    });
    expect(pieces.map((p) => p.group)).toEqual([null, 2]);
  });

  it('marks the hovered and the selected match, their groups and the pointed group', () => {
    const matches = [match([0, 2], [0, 1]), match([3, 5], [3, 4])];
    const pieces = matchPieces(matches, [0, 1], {
      hover: { match: 1, group: 1 },
      selected: { match: 0, group: null },
    });
    expect(pieces.map((p) => p.classes)).toEqual([
      'cm-rx-match cm-rx-match-active cm-rx-match-selected',
      'cm-rx-cap cm-rx-g1 cm-rx-level1 cm-rx-cap-active',
      'cm-rx-match cm-rx-match-active',
      'cm-rx-cap cm-rx-g1 cm-rx-level1 cm-rx-cap-active cm-rx-picked',
    ]);
  });
});

describe('matchDecorationsFor', () => {
  it('marks matches and groups, with data attributes for hover and click', () => {
    const state = stateWith('xabcx', [match([1, 4], [2, 3])]);
    expect(list(matchDecorationsFor(state, all(state)))).toEqual([
      {
        from: 1,
        to: 4,
        classes: 'cm-rx-match',
        widget: null,
        attrs: { 'data-match': '0' },
      },
      {
        from: 2,
        to: 3,
        classes: 'cm-rx-cap cm-rx-g1 cm-rx-level1',
        widget: null,
        attrs: { 'data-match': '0', 'data-group': '1' },
      },
    ]);
  });

  it('shows empty matches as a marker widget', () => {
    // re.finditer('x*', 'ab') → three empty matches
    const state = stateWith('ab', [match([0, 0]), match([1, 1]), match([2, 2])]);
    const seen = list(matchDecorationsFor(state, all(state)));
    expect(seen.map((d) => [d.from, d.to, d.widget])).toEqual([
      [0, 0, 'EmptyMarker'],
      [1, 1, 'EmptyMarker'],
      [2, 2, 'EmptyMarker'],
    ]);
  });

  it('shows a line break inside a match as ↵ (a break has nothing to underline)', () => {
    // re.finditer('b\\r?\\n', 'ab\r\nc') on exact text: the match covers \r and the break
    const state = stateWith('ab\r\nc\n', [match([1, 4])]);
    const seen = list(matchDecorationsFor(state, all(state)));
    expect(seen.map((d) => [d.from, d.to, d.widget])).toEqual([
      [1, 4, null],
      [3, 3, 'LineBreakMarker'],
    ]);
  });

  it('decorates only the matches in the visible windows, even with 100 000 matches', () => {
    const text = 'a'.repeat(100_000);
    const matches = everyChar(text, 'a');
    expect(matches).toHaveLength(100_000);
    const state = stateWith(text, matches);
    const started = performance.now();
    const seen = list(
      matchDecorationsFor(state, [
        { from: 50_000, to: 50_100 },
        { from: 99_990, to: 100_000 },
      ]),
    );
    const elapsed = performance.now() - started;
    // 100 characters (plus the matches ending/starting on the edges) and the last 10.
    expect(seen.length).toBeLessThanOrEqual(102 + 11);
    expect(seen[0]!.from).toBe(49_999);
    expect(seen.at(-1)!.to).toBe(100_000);
    expect(elapsed).toBeLessThan(500);
  });

  it('finds the visible matches among 100 000 on 100 000 lines quickly', () => {
    const text = 'x\n'.repeat(100_000);
    const state = stateWith(text, everyChar(text, 'x'));
    const started = performance.now();
    for (let top = 0; top < text.length; top += 20_000) {
      const seen = list(matchDecorationsFor(state, [{ from: top, to: top + 2_000 }]));
      expect(seen.length).toBeLessThanOrEqual(1_001);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('lets matches for an older text follow the edits made since', () => {
    // Matches of 'b' computed for "abcb"; the user has since typed "XX" at the start.
    const matches = [match([1, 2]), match([3, 4])];
    const state = stateWith('XXabcb', matches, 'abcb');
    expect(list(matchDecorationsFor(state, all(state))).map((d) => [d.from, d.to])).toEqual([
      [3, 4],
      [5, 6],
    ]);
    // And they keep following further typing.
    const later = state.update({ changes: { from: 4, insert: '--' } }).state;
    expect(list(matchDecorationsFor(later, all(later))).map((d) => [d.from, d.to])).toEqual([
      [3, 4],
      [7, 8],
    ]);
    // A match whose text was deleted disappears.
    const cut = later.update({ changes: { from: 7, to: 8 } }).state;
    expect(list(matchDecorationsFor(cut, all(cut))).map((d) => [d.from, d.to])).toEqual([[3, 4]]);
  });

  it('takes the same matches for the same text again as no change, keeping the mapping', () => {
    // Each keystroke makes the page hand the editor its shown matches again (they are stale now).
    const matches = [match([1, 2]), match([3, 4])];
    const state = stateWith('XXabcb', matches, 'abcb');
    const before = state.field(matchesField);
    const typed = state.update({ changes: { from: 6, insert: 'b' } }).state;
    const again = typed.update({
      effects: setMatches.of({ matches: before.matches, text: 'abcb' }),
    }).state;
    expect(again.field(matchesField)).toBe(typed.field(matchesField));
    expect(list(matchDecorationsFor(again, all(again))).map((d) => [d.from, d.to])).toEqual([
      [3, 4],
      [5, 6],
    ]);
    // New matches, or the same ones for another text, are taken.
    const other = MatchTable.fromMatches(matches, 'abcb');
    const renewed = typed.update({ effects: setMatches.of({ matches: other, text: 'abcb' }) });
    expect(renewed.state.field(matchesField).matches).toBe(other);
    const moved = typed.update({
      effects: setMatches.of({ matches: before.matches, text: 'abcbb' }),
    });
    expect(moved.state.field(matchesField)).not.toBe(typed.field(matchesField));
    expect(moved.state.field(matchesField).text).toBe('abcbb');
  });

  it('maps through an edit that inserted CRLF and lone CR exactly', () => {
    // Matches of '\\d' for "a1b2"; the text is now "a1\r\n\rb2".
    const state = stateWith('a1\r\n\rb2', [match([1, 2]), match([3, 4])], 'a1b2');
    expect(list(matchDecorationsFor(state, all(state))).map((d) => [d.from, d.to])).toEqual([
      [1, 2],
      [6, 7],
    ]);
  });

  it('never decorates past the end of the document', () => {
    const state = stateWith('ab', [match([0, 1]), match([5, 7])]);
    expect(list(matchDecorationsFor(state, all(state))).map((d) => [d.from, d.to])).toEqual([
      [0, 1],
    ]);
  });

  it('updates the classes when hover and selection change', () => {
    let state = stateWith('abab', [match([0, 2]), match([2, 4])]);
    state = state.update({ effects: setMatchFocus.of({ hover: { match: 1, group: null } }) }).state;
    expect(list(matchDecorationsFor(state, all(state))).map((d) => d.classes)).toEqual([
      'cm-rx-match',
      'cm-rx-match cm-rx-match-active',
    ]);
    state = state.update({ effects: setMatchFocus.of({ selected: { match: 0, group: 0 } }) }).state;
    expect(list(matchDecorationsFor(state, all(state))).map((d) => d.classes)).toEqual([
      'cm-rx-match cm-rx-match-active cm-rx-match-selected cm-rx-picked',
      'cm-rx-match cm-rx-match-active',
    ]);
  });
});

describe('matchLayersFor, CSS highlights', () => {
  const layers = (state: EditorState, windows = all(state)) => {
    const { decorations, highlights } = matchLayersFor(state, windows, 'api');
    return { decorations: list(decorations), highlights };
  };

  it('draws matches and groups as highlight spans, by parity, group style and level', () => {
    // re.finditer('(a(b))|c', 'abc'): a match with two nested groups, then one without.
    const state = stateWith('abc', [match([0, 2], [0, 2], [1, 2]), match([2, 3], null, null)]);
    const { decorations, highlights } = layers(state);
    expect(decorations).toEqual([]);
    expect(highlights).toEqual([
      { name: 'rx-match-0', from: 0, to: 2 },
      { name: 'rx-g1-l1', from: 0, to: 2 },
      { name: 'rx-g2-l2', from: 1, to: 2 },
      { name: 'rx-match-1', from: 2, to: 3 },
    ]);
  });

  it('names a piece by its parity, or its group style (cycling by 5) and capped level', () => {
    const piece = { from: 0, to: 1, classes: '', active: false };
    expect(highlightName({ ...piece, match: 7, group: null, level: 0 })).toBe('rx-match-1');
    expect(highlightName({ ...piece, match: 0, group: 7, level: 4 })).toBe('rx-g2-l4');
  });

  it('keeps the hovered or selected match and its groups as decorations (outlines)', () => {
    let state = stateWith('abab', [match([0, 2], [0, 1]), match([2, 4], [2, 3])]);
    state = state.update({ effects: setMatchFocus.of({ hover: { match: 1, group: null } }) }).state;
    const { decorations, highlights } = layers(state);
    expect(highlights.map((h) => [h.name, h.from, h.to])).toEqual([
      ['rx-match-0', 0, 2],
      ['rx-g1-l1', 0, 1],
    ]);
    expect(decorations.map((d) => [d.from, d.to, d.classes])).toEqual([
      [2, 4, 'cm-rx-match cm-rx-match-active'],
      [2, 3, 'cm-rx-cap cm-rx-g1 cm-rx-level1 cm-rx-cap-active'],
    ]);
  });

  it('keeps empty matches and line breaks as widgets; a ↵ carries its match itself', () => {
    // re.finditer('x*|b\r?\n', ...) style: an empty match, then one over CRLF.
    const state = stateWith('ab\r\nc\n', [match([0, 0]), match([1, 4])]);
    const { decorations, highlights } = layers(state);
    expect(decorations.map((d) => [d.from, d.to, d.widget, d.classes])).toEqual([
      [0, 0, 'EmptyMarker', 'cm-rx-match'],
      [3, 3, 'LineBreakMarker', 'cm-rx-match'],
    ]);
    expect(highlights).toEqual([{ name: 'rx-match-1', from: 1, to: 4 }]);
  });

  it('cuts spans to the windows, so a long match off screen costs nothing', () => {
    const text = 'a'.repeat(50_000);
    const state = stateWith(text, [match([0, 50_000], [10, 49_990])]);
    const { highlights } = layers(state, [{ from: 20_000, to: 21_000 }]);
    expect(highlights).toEqual([
      { name: 'rx-match-0', from: 20_000, to: 21_000 },
      { name: 'rx-g1-l1', from: 20_000, to: 21_000 },
    ]);
  });

  it('spans only the windows among 100 000 matches', () => {
    const text = 'a'.repeat(100_000);
    const state = stateWith(text, everyChar(text, 'a'));
    const { highlights } = layers(state, [{ from: 50_000, to: 50_100 }]);
    // The 100 characters and the matches touching the window's edges.
    expect(highlights.length).toBeLessThanOrEqual(102);
    expect(highlights.every((h) => h.from >= 50_000 && h.to <= 50_100)).toBe(true);
  });
});

describe('matchAt', () => {
  it('finds the match and its innermost group over a character, mapped to the current text', () => {
    // re.finditer('(a(b)c)', ...) for "abc abc", the text now with "__" typed before.
    const matches = [match([0, 3], [0, 3], [1, 2]), match([4, 7], [4, 7], [5, 6])];
    const state = stateWith('__abc abc', matches, 'abc abc');
    expect(matchAt(state, 2)).toEqual({ match: 0, group: 1 });
    expect(matchAt(state, 3)).toEqual({ match: 0, group: 2 });
    expect(matchAt(state, 5)).toBeNull();
    expect(matchAt(state, 7)).toEqual({ match: 1, group: 2 });
  });

  it('finds a match without groups, and nothing where an empty match is', () => {
    const state = stateWith('ab', [match([0, 0]), match([1, 2])]);
    expect(matchAt(state, 0)).toBeNull();
    expect(matchAt(state, 1)).toEqual({ match: 1, group: null });
  });
});

describe('selectionRange', () => {
  it('is the match or the group, mapped to the current text', () => {
    const state = stateWith('__abcd', [match([1, 4], [2, 3])], 'abcd');
    expect(selectionRange(state, { match: 0, group: null })).toEqual({ from: 3, to: 6 });
    expect(selectionRange(state, { match: 0, group: 1 })).toEqual({ from: 4, to: 5 });
    expect(selectionRange(state, { match: 3, group: null })).toBeNull();
    expect(selectionRange(state, null)).toBeNull();
  });
});

describe('markDecorationsFor', () => {
  it('marks replaced parts in the visible windows, empty ones as a marker', () => {
    const state = EditorState.create({
      doc: 'x-y-z',
      extensions: [exactText, marksField],
    }).update({
      effects: setMarks.of([
        [1, 2],
        [3, 3],
        [4, 9],
      ]),
    }).state;
    const seen = list(markDecorationsFor(state, [{ from: 0, to: 5 }]));
    expect(seen.map((d) => [d.from, d.to, d.widget ?? d.classes])).toEqual([
      [1, 2, 'cm-rx-replaced cm-rx-parity0'],
      [3, 3, 'EmptyMark'],
    ]);
  });
});
