/**
 * Questions the page asks of the explanation tree: where group N is written in the pattern (to
 * outline it when its capture is hovered in the text or the match list), and which construct a
 * character of the pattern belongs to (to explain the token under the pointer). Pure.
 */
import type { ExplainNode, Span } from '../engine/contract';

/** The UTF-16 span of capturing group `index` in the pattern, or null when the tree has none. */
export function groupSpan(tree: ExplainNode | null, index: number): Span | null {
  if (tree === null) return null;
  const stack: ExplainNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'group' && node.groupIndex === index) return node.span16;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return null;
}

/**
 * The innermost construct written over the pattern's UTF-16 position `pos16` (the character that
 * starts there), or null when none is, e.g. past the end. A group's own brackets belong to the
 * group; the whole pattern is not an answer, only what is written in it.
 */
export function nodeAt(tree: ExplainNode | null, pos16: number): ExplainNode | null {
  let found: ExplainNode | null = null;
  let level = tree === null ? [] : tree.children;
  for (;;) {
    const inside = level.find((node) => node.span16[0] <= pos16 && pos16 < node.span16[1]);
    if (inside === undefined) return found;
    // A sequence is one alternative, not a construct of its own: look through it.
    if (inside.kind !== 'sequence') found = inside;
    level = inside.children;
  }
}
