/**
 * Questions the page asks of the explanation tree: where group N is written in the pattern (to
 * outline it when its capture is hovered in the text or the match list). Pure.
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
