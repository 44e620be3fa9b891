/**
 * The explanation tree: visible nodes, WAI-ARIA tree keys, source snippets, and the row of a
 * character pointed at in the pattern.
 */
import { describe, expect, it } from 'vitest';
import { explainNode as node } from '../engine/testing/explainTrees';
import {
  childrenByParent,
  rowAt,
  snippet,
  treeKeyAction,
  visibleNodes,
  visibleRowOf,
  withOpen,
} from './explainTree';

// (a)b  →  pattern > [group > [literal a], literal b]
const tree = node(
  'pattern',
  [0, 4],
  [node('group', [0, 3], [node('literal', [1, 2])]), node('literal', [3, 4])],
);

describe('visibleNodes', () => {
  it('lists every node of an open tree with its place', () => {
    const nodes = visibleNodes(tree, new Set());
    expect(nodes.map((n) => [n.key, n.level, n.posinset, n.setsize, n.expanded])).toEqual([
      ['0', 1, 1, 1, true],
      ['0.0', 2, 1, 2, true],
      ['0.0.0', 3, 1, 1, false],
      ['0.1', 2, 2, 2, false],
    ]);
    expect(nodes[2]?.parentKey).toBe('0.0');
    expect(nodes[3]?.expandable).toBe(false);
  });

  it('hides the descendants of a collapsed node', () => {
    const nodes = visibleNodes(tree, new Set(['0.0']));
    expect(nodes.map((n) => n.key)).toEqual(['0', '0.0', '0.1']);
    expect(nodes[1]?.expanded).toBe(false);
    expect(visibleNodes(null, new Set())).toEqual([]);
  });

  it('groups children by parent for nested rendering', () => {
    const map = childrenByParent(visibleNodes(tree, new Set()));
    expect(map.get(null)?.map((n) => n.key)).toEqual(['0']);
    expect(map.get('0')?.map((n) => n.key)).toEqual(['0.0', '0.1']);
  });

  it('opens and closes without touching the old set', () => {
    const closed = new Set(['0.0']);
    expect([...withOpen(closed, '0.0', true)]).toEqual([]);
    expect([...withOpen(closed, '0', false)].sort()).toEqual(['0', '0.0']);
    expect([...closed]).toEqual(['0.0']);
  });
});

describe('rowAt', () => {
  it('marks the deepest visible construct over a character, never the whole pattern', () => {
    const open = visibleNodes(tree, new Set());
    expect(rowAt(open, 0)).toBe('0.0'); // the group's bracket
    expect(rowAt(open, 1)).toBe('0.0.0'); // a, inside it
    expect(rowAt(open, 3)).toBe('0.1');
    expect(rowAt(open, 4)).toBeNull();
    // A collapsed group stands for what it hides.
    expect(rowAt(visibleNodes(tree, new Set(['0.0'])), 1)).toBe('0.0');
    // An alternative (sequence) is looked through.
    const alternatives = node(
      'pattern',
      [0, 3],
      [node('alternation', [0, 3], [node('sequence', [0, 1], [node('literal', [0, 1])])])],
    );
    expect(rowAt(visibleNodes(alternatives, new Set()), 0)).toBe('0.0.0.0');
    expect(rowAt(visibleNodes(alternatives, new Set(['0.0.0'])), 0)).toBe('0.0');
  });
});

describe('treeKeyAction', () => {
  const open = visibleNodes(tree, new Set());

  it('moves up and down, stopping at the ends', () => {
    expect(treeKeyAction('ArrowDown', open, '0')).toEqual({ focus: '0.0' });
    expect(treeKeyAction('ArrowDown', open, '0.1')).toEqual({ focus: '0.1' });
    expect(treeKeyAction('ArrowUp', open, '0')).toEqual({ focus: '0' });
    expect(treeKeyAction('End', open, '0')).toEqual({ focus: '0.1' });
    expect(treeKeyAction('Home', open, '0.1')).toEqual({ focus: '0' });
  });

  it('opens, enters, closes and climbs with Right and Left', () => {
    const closed = visibleNodes(tree, new Set(['0.0']));
    expect(treeKeyAction('ArrowRight', closed, '0.0')).toEqual({ focus: '0.0', expand: '0.0' });
    expect(treeKeyAction('ArrowRight', open, '0.0')).toEqual({ focus: '0.0.0' });
    expect(treeKeyAction('ArrowLeft', open, '0.0')).toEqual({ focus: '0.0', collapse: '0.0' });
    expect(treeKeyAction('ArrowLeft', open, '0.0.0')).toEqual({ focus: '0.0' });
    expect(treeKeyAction('ArrowLeft', open, '0')).toEqual({ focus: '0', collapse: '0' });
  });

  it('toggles with Enter and Space, and ignores other keys', () => {
    expect(treeKeyAction('Enter', open, '0.0')).toEqual({ focus: '0.0', collapse: '0.0' });
    expect(treeKeyAction(' ', open, '0.1')).toEqual({ focus: '0.1' });
    expect(treeKeyAction('a', open, '0')).toBeNull();
    expect(treeKeyAction('ArrowDown', [], null)).toBeNull();
  });

  it('starts from the first node when the focused one is gone', () => {
    expect(treeKeyAction('ArrowDown', open, '9.9')).toEqual({ focus: '0.0' });
  });
});

describe('snippet', () => {
  it('slices the pattern by UTF-16 span', () => {
    expect(snippet('😀(a)', [2, 5])).toBe('(a)');
  });

  it('shows newlines as ⏎ and cuts long slices', () => {
    expect(snippet('a\nb\r\nc', [0, 6])).toBe('a⏎b⏎c');
    expect(snippet('abcdefgh', [0, 8], 5)).toBe('abcd…');
    expect(snippet('😀😀😀', [0, 6], 2)).toBe('😀…');
  });
});

describe('visibleRowOf', () => {
  it('is the row of a node, or of its nearest visible ancestor when it is hidden', () => {
    expect(visibleRowOf(visibleNodes(tree, new Set()), '0.0.0')).toBe('0.0.0');
    expect(visibleRowOf(visibleNodes(tree, new Set(['0.0'])), '0.0.0')).toBe('0.0');
    expect(visibleRowOf(visibleNodes(tree, new Set(['0'])), '0.0.0')).toBe('0');
    expect(visibleRowOf([], '0.1')).toBeNull();
  });
});
