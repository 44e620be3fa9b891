/**
 * The explanation tree's logic, kept out of ExplanationPanel.svelte so it can be tested without a
 * DOM: naming each node by its path, listing the nodes a reader can see (children of collapsed
 * nodes hidden), moving through them with the keys of the WAI-ARIA tree pattern, and the source
 * snippet each node shows. Pure functions over the core's ExplainNode: no DOM, no Svelte.
 */
import type { ExplainNode } from '../engine/contract';

/** One node as the tree shows it: where it sits and whether it is open. */
export interface VisibleNode {
  /** The node's path from the root, e.g. "0.1.0"; stable while the tree's shape is. */
  key: string;
  node: ExplainNode;
  /** 1 for the root. */
  level: number;
  parentKey: string | null;
  /** 1-based position among its siblings, and how many siblings there are. */
  posinset: number;
  setsize: number;
  expandable: boolean;
  expanded: boolean;
}

/** Every node the reader can see, in document order: a collapsed node's descendants are left out. */
export function visibleNodes(
  tree: ExplainNode | null,
  collapsed: ReadonlySet<string>,
): VisibleNode[] {
  const out: VisibleNode[] = [];
  if (tree === null) return out;
  const visit = (
    node: ExplainNode,
    key: string,
    level: number,
    parentKey: string | null,
    posinset: number,
    setsize: number,
  ) => {
    const expandable = node.children.length > 0;
    const expanded = expandable && !collapsed.has(key);
    out.push({ key, node, level, parentKey, posinset, setsize, expandable, expanded });
    if (!expanded) return;
    node.children.forEach((child, i) =>
      visit(child, `${key}.${i}`, level + 1, key, i + 1, node.children.length),
    );
  };
  visit(tree, '0', 1, null, 1, 1);
  return out;
}

/**
 * The row that stands for the pattern's character at `pos16`: the deepest visible node written over
 * it (a collapsed node stands for its hidden parts), leaving out the whole pattern and its
 * alternatives (sequences), as the pattern's tooltip does. Null when none is.
 */
export function rowAt(nodes: readonly VisibleNode[], pos16: number): string | null {
  let found: VisibleNode | null = null;
  for (const v of nodes) {
    const [from, to] = v.node.span16;
    if (from > pos16 || pos16 >= to || v.level === 1 || v.node.kind === 'sequence') continue;
    if (found === null || v.level > found.level) found = v;
  }
  return found?.key ?? null;
}

/**
 * The row that shows node `key`: its own when visible, else that of its nearest visible ancestor
 * (a collapsed node stands for what it hides); null when not even the root is shown.
 */
export function visibleRowOf(nodes: readonly VisibleNode[], key: string): string | null {
  const shown = new Set(nodes.map((n) => n.key));
  for (let k = key; ; k = k.slice(0, k.lastIndexOf('.'))) {
    if (shown.has(k)) return k;
    if (!k.includes('.')) return null;
  }
}

/** The visible nodes grouped by parent key (null: the top level), in order, for nested rendering. */
export function childrenByParent(
  nodes: readonly VisibleNode[],
): ReadonlyMap<string | null, VisibleNode[]> {
  const map = new Map<string | null, VisibleNode[]>();
  for (const node of nodes) {
    const siblings = map.get(node.parentKey);
    if (siblings === undefined) map.set(node.parentKey, [node]);
    else siblings.push(node);
  }
  return map;
}

/** A new set of collapsed keys with `key` opened or closed (the old set is left as it was). */
export function withOpen(collapsed: ReadonlySet<string>, key: string, open: boolean): Set<string> {
  const next = new Set(collapsed);
  if (open) next.delete(key);
  else next.add(key);
  return next;
}

/** What a key does in the tree: move focus to a node, and/or open or close one. */
export interface TreeAction {
  focus?: string;
  expand?: string;
  collapse?: string;
}

/**
 * The WAI-ARIA tree keys: Up/Down move between visible nodes, Home/End to the first/last, Right
 * opens a closed node or moves into an open one, Left closes an open node or moves to its parent,
 * Enter and Space toggle. Returns null for a key the tree does not handle.
 */
export function treeKeyAction(
  key: string,
  nodes: readonly VisibleNode[],
  currentKey: string | null,
): TreeAction | null {
  if (nodes.length === 0) return null;
  const at = Math.max(
    0,
    nodes.findIndex((n) => n.key === currentKey),
  );
  const current = nodes[at];
  if (current === undefined) return null;
  switch (key) {
    case 'ArrowDown':
      return { focus: nodes[Math.min(nodes.length - 1, at + 1)]?.key ?? current.key };
    case 'ArrowUp':
      return { focus: nodes[Math.max(0, at - 1)]?.key ?? current.key };
    case 'Home':
      return { focus: nodes[0]?.key ?? current.key };
    case 'End':
      return { focus: nodes[nodes.length - 1]?.key ?? current.key };
    case 'ArrowRight':
      if (!current.expandable) return { focus: current.key };
      if (!current.expanded) return { focus: current.key, expand: current.key };
      return { focus: nodes[at + 1]?.key ?? current.key };
    case 'ArrowLeft':
      if (current.expanded) return { focus: current.key, collapse: current.key };
      return { focus: current.parentKey ?? current.key };
    case 'Enter':
    case ' ':
      if (!current.expandable) return { focus: current.key };
      return current.expanded
        ? { focus: current.key, collapse: current.key }
        : { focus: current.key, expand: current.key };
    default:
      return null;
  }
}

/** Longest snippet a node shows; the description says the rest. */
export const SNIPPET_CHARS = 40;

/**
 * The part of the pattern a node stands for, on one line: a newline (verbose patterns) shows as
 * `⏎`, and a long slice is cut with `…`.
 */
export function snippet(pattern: string, span16: readonly number[], max = SNIPPET_CHARS): string {
  const [start = 0, end = 0] = span16;
  const chars = [...pattern.slice(start, end).replace(/\r\n|\r|\n/g, '⏎')];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
