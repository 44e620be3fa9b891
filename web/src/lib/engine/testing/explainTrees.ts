/**
 * Test helper: explanation trees and explain answers written briefly, a node by its kind and
 * UTF-16 span (its description is its kind unless given). Test-only.
 */
import type { ExplainNode, ExplainResult, Span } from '../contract';

/** A node written over `span16` (its code-point span the same: the tests use ASCII). */
export function explainNode(
  kind: ExplainNode['kind'],
  span16: Span,
  children: ExplainNode[] = [],
  extra: Partial<ExplainNode> = {},
): ExplainNode {
  return { kind, description: kind, span: span16, span16, children, ...extra };
}

/** The explain answer with `tree`, as the core gives it for a pattern without inline flags. */
export function explanationOf(tree: ExplainNode, flags: string[] = ['UNICODE']): ExplainResult {
  return { ok: true, tree, flags, note: null };
}
