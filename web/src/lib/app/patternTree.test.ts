import { describe, expect, it } from 'vitest';
import { explainNode as node } from '../engine/testing/explainTrees';
import { groupSpan, nodeAt } from './patternTree';

describe('groupSpan', () => {
  // (a(b))c
  const tree = node(
    'pattern',
    [0, 7],
    [
      node(
        'sequence',
        [0, 7],
        [
          node(
            'group',
            [0, 6],
            [node('literal', [1, 2]), node('group', [2, 5], [], { groupIndex: 2 })],
            {
              groupIndex: 1,
            },
          ),
          node('literal', [6, 7]),
        ],
      ),
    ],
  );

  it('finds nested groups by number', () => {
    expect(groupSpan(tree, 1)).toEqual([0, 6]);
    expect(groupSpan(tree, 2)).toEqual([2, 5]);
  });

  it('answers null for a missing group or tree', () => {
    expect(groupSpan(tree, 3)).toBeNull();
    expect(groupSpan(null, 1)).toBeNull();
  });
});

describe('nodeAt', () => {
  // (?P<y>\d{2})|x  as the core shapes it
  const digit = node('category', [6, 8]);
  const repeat = node('repeat', [6, 11], [digit]);
  const group = node('group', [0, 12], [node('sequence', [6, 11], [repeat])], { groupIndex: 1 });
  const x = node('literal', [13, 14]);
  const tree = node(
    'pattern',
    [0, 14],
    [
      node(
        'alternation',
        [0, 14],
        [node('sequence', [0, 12], [group]), node('sequence', [13, 14], [x])],
      ),
    ],
  );

  it('finds the innermost construct under a character', () => {
    expect(nodeAt(tree, 0)).toBe(group); // the group's own bracket
    expect(nodeAt(tree, 4)).toBe(group); // its name
    expect(nodeAt(tree, 6)).toBe(digit);
    expect(nodeAt(tree, 7)).toBe(digit);
    expect(nodeAt(tree, 8)).toBe(repeat); // {2}
    expect(nodeAt(tree, 11)).toBe(group); // the closing bracket
    expect(nodeAt(tree, 12)?.kind).toBe('alternation'); // |
    expect(nodeAt(tree, 13)).toBe(x);
  });

  it('answers null past the end, and without a tree', () => {
    expect(nodeAt(tree, 14)).toBeNull();
    expect(nodeAt(null, 0)).toBeNull();
  });
});
