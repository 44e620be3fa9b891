/** The match list's geometry: flattening, windowing at the edges, scaling, keyboard moves. */
import { describe, expect, it } from 'vitest';
import {
  blocksInRange,
  buildRowIndex,
  clipCodePoints,
  matchOfRow,
  moveSelection,
  revealTop,
  rowOfSelection,
  scrollModel,
  scrollTopFor,
  virtualTop,
  visibleRange,
} from './rows';

/** `count` matches with `groups` groups each (group 0 included). */
const matches = (count: number, groups = 1) => ({ length: count, groupSlots: groups });

describe('buildRowIndex', () => {
  it('gives each match a header row plus one row per group 1..n', () => {
    const index = buildRowIndex(matches(3, 3));
    expect(index.count).toBe(3);
    expect(index.total).toBe(9);
    expect([...index.starts]).toEqual([0, 3, 6, 9]);
  });

  it('is empty for no matches', () => {
    const index = buildRowIndex(matches(0, 1));
    expect(index.total).toBe(0);
    expect(matchOfRow(index, 0)).toBe(-1);
    expect(blocksInRange(index, { start: 0, end: 10 })).toEqual([]);
  });

  it('handles 100 000 matches quickly', () => {
    const index = buildRowIndex(matches(100_000, 2));
    expect(index.total).toBe(200_000);
    expect(matchOfRow(index, 199_999)).toBe(99_999);
  });
});

describe('matchOfRow and rowOfSelection', () => {
  const index = buildRowIndex(matches(4, 3)); // rows 0-2, 3-5, 6-8, 9-11

  it('finds the match owning a row', () => {
    expect([0, 2, 3, 5, 6, 11].map((row) => matchOfRow(index, row))).toEqual([0, 0, 1, 1, 2, 3]);
    expect(matchOfRow(index, 99)).toBe(3);
  });

  it('maps a selection to its header or group row', () => {
    expect(rowOfSelection(index, { match: 1, group: null })).toBe(3);
    expect(rowOfSelection(index, { match: 1, group: 0 })).toBe(3);
    expect(rowOfSelection(index, { match: 1, group: 2 })).toBe(5);
    expect(rowOfSelection(index, { match: 1, group: 7 })).toBe(3);
    expect(rowOfSelection(index, { match: 4, group: null })).toBeNull();
    expect(rowOfSelection(index, null)).toBeNull();
  });
});

describe('visibleRange', () => {
  it('covers the viewport plus overscan', () => {
    expect(visibleRange(280, 140, 28, 1000, 3)).toEqual({ start: 7, end: 18 });
  });

  it('clamps at the top edge', () => {
    expect(visibleRange(0, 140, 28, 1000, 5)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(-50, 140, 28, 1000, 0)).toEqual({ start: 0, end: 5 });
  });

  it('clamps at the bottom edge', () => {
    expect(visibleRange(28 * 995, 140, 28, 1000, 5)).toEqual({ start: 990, end: 1000 });
    expect(visibleRange(1e9, 140, 28, 1000, 5)).toEqual({ start: 1000, end: 1000 });
  });

  it('includes a partly visible row', () => {
    expect(visibleRange(30, 28, 28, 10, 0)).toEqual({ start: 1, end: 3 });
  });

  it('is empty with no rows', () => {
    expect(visibleRange(0, 500, 28, 0, 5)).toEqual({ start: 0, end: 0 });
  });
});

describe('blocksInRange', () => {
  const index = buildRowIndex(matches(3, 3)); // rows 0-2, 3-5, 6-8

  it('keeps the header of a match whose first rows are scrolled off', () => {
    expect(blocksInRange(index, { start: 4, end: 7 })).toEqual([
      {
        match: 1,
        firstRow: 3,
        rows: [
          { row: 3, group: null },
          { row: 4, group: 1 },
          { row: 5, group: 2 },
        ],
      },
      { match: 2, firstRow: 6, rows: [{ row: 6, group: null }] },
    ]);
  });

  it('stops at the end of the list', () => {
    const blocks = blocksInRange(index, { start: 7, end: 100 });
    expect(blocks.map((b) => b.match)).toEqual([2]);
    expect(blocks[0]?.rows.map((r) => r.group)).toEqual([null, 1, 2]);
  });
});

describe('scroll model', () => {
  it('maps one to one below the cap', () => {
    const model = scrollModel(1000, 28, 400);
    expect(model.spacerHeight).toBe(28_000);
    expect(virtualTop(model, 1234)).toBe(1234);
    expect(scrollTopFor(model, 1234)).toBe(1234);
  });

  it('scales a list taller than the cap, end to end', () => {
    const model = scrollModel(2_000_000, 28, 400, 1_000_000);
    expect(model.contentHeight).toBe(56_000_000);
    expect(model.spacerHeight).toBe(1_000_000);
    expect(virtualTop(model, 0)).toBe(0);
    // The last real position shows the last virtual rows.
    expect(virtualTop(model, 1_000_000 - 400)).toBeCloseTo(56_000_000 - 400, 3);
    expect(scrollTopFor(model, 56_000_000 - 400)).toBeCloseTo(1_000_000 - 400, 3);
    expect(scrollTopFor(model, virtualTop(model, 5000))).toBeCloseTo(5000, 6);
  });

  it('clamps above the top and moves one to one past the end (content after the list)', () => {
    const model = scrollModel(10, 28, 100);
    expect(virtualTop(model, -5)).toBe(0);
    expect(virtualTop(model, 200)).toBe(200);
    expect(scrollTopFor(model, -5)).toBe(0);
    const scaled = scrollModel(2_000_000, 28, 400, 1_000_000);
    expect(virtualTop(scaled, 1_000_000 - 400 + 28)).toBeCloseTo(56_000_000 - 400 + 28, 3);
    expect(scrollTopFor(scaled, 56_000_000 - 400 + 28)).toBeCloseTo(1_000_000 - 400 + 28, 3);
  });
});

describe('revealTop', () => {
  it('leaves a visible row alone', () => {
    expect(revealTop(280, 140, 28, 11)).toBe(280);
  });

  it('scrolls up to a row above the viewport', () => {
    expect(revealTop(280, 140, 28, 3)).toBe(84);
  });

  it('scrolls down just enough for a row below the viewport', () => {
    expect(revealTop(0, 140, 28, 10)).toBe(11 * 28 - 140);
  });

  it('aligns a block taller than the viewport by its first row', () => {
    expect(revealTop(0, 56, 28, 10, 20)).toBe(280);
  });
});

describe('moveSelection', () => {
  const index = buildRowIndex(matches(10, 3)); // groups 1 and 2 per match

  it('starts at the fallback, or the last match for End', () => {
    expect(moveSelection(null, 'ArrowDown', index, 5, 4)).toEqual({ match: 4, group: null });
    expect(moveSelection(null, 'End', index, 5)).toEqual({ match: 9, group: null });
    expect(moveSelection(null, 'ArrowDown', buildRowIndex(matches(0)), 5)).toBeNull();
  });

  it('moves between matches and stops at the ends', () => {
    expect(moveSelection({ match: 3, group: 2 }, 'ArrowDown', index, 5)).toEqual({
      match: 4,
      group: null,
    });
    expect(moveSelection({ match: 0, group: null }, 'ArrowUp', index, 5)).toEqual({
      match: 0,
      group: null,
    });
    expect(moveSelection({ match: 9, group: null }, 'ArrowDown', index, 5)).toEqual({
      match: 9,
      group: null,
    });
    expect(moveSelection({ match: 7, group: null }, 'PageDown', index, 5)?.match).toBe(9);
    expect(moveSelection({ match: 7, group: null }, 'PageUp', index, 5)?.match).toBe(2);
    expect(moveSelection({ match: 7, group: null }, 'Home', index, 5)?.match).toBe(0);
  });

  it("steps through a match's groups with Right and Left", () => {
    let s = moveSelection({ match: 2, group: null }, 'ArrowRight', index, 5);
    expect(s).toEqual({ match: 2, group: 1 });
    s = moveSelection(s, 'ArrowRight', index, 5);
    expect(s).toEqual({ match: 2, group: 2 });
    expect(moveSelection(s, 'ArrowRight', index, 5)).toEqual({ match: 2, group: 2 });
    s = moveSelection(s, 'ArrowLeft', index, 5);
    expect(s).toEqual({ match: 2, group: 1 });
    expect(moveSelection(s, 'ArrowLeft', index, 5)).toEqual({ match: 2, group: null });
  });

  it('keeps a match without groups selected as a whole', () => {
    const plain = buildRowIndex(matches(2, 1));
    expect(moveSelection({ match: 0, group: null }, 'ArrowRight', plain, 5)).toEqual({
      match: 0,
      group: null,
    });
  });
});

describe('clipCodePoints', () => {
  it('leaves short text whole', () => {
    expect(clipCodePoints('abc', 3)).toEqual({ head: 'abc', cut: false });
  });

  it('cuts by code points, never inside a surrogate pair', () => {
    expect(clipCodePoints('😀😀😀', 2)).toEqual({ head: '😀😀', cut: true });
    expect(clipCodePoints('a😀b', 2)).toEqual({ head: 'a😀', cut: true });
    expect(clipCodePoints('\ud800xyz', 2)).toEqual({ head: '\ud800x', cut: true });
  });
});
