import { describe, expect, it } from 'vitest';
import type { ExplainNode, Span } from '../engine/contract';
import { groupSpan } from './patternTree';

function node(kind: ExplainNode['kind'], span16: Span, children: ExplainNode[] = [], extra = {}) {
  return { kind, description: kind, span: span16, span16, children, ...extra } as ExplainNode;
}

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
