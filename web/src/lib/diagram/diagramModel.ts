/**
 * The railroad diagram's model: the core's explanation tree (what CPython's own parser read) turned
 * into what a railroad diagram draws. Tracks are sequences, switches are alternations, loops are
 * repeats, labelled boxes are groups, lookarounds, scoped flags and conditionals, and stations are
 * everything that matches or tests one thing. Each part has words a reader understands ("digit",
 * "group #1 (year)", "2 to 5 times, lazy").
 *
 * It is pure (no DOM, no drawing library) so every construct can be tested without a browser. Each
 * part keeps its node's explanation key and UTF-16 span, which link the drawing to the pattern and
 * to the explanation. Comments (VERBOSE `#` and `(?#…)`) are left out: they match nothing.
 */
import type { ExplainNode, ExplainResult, Span } from '../engine/contract';
import { categoryWords, visibleText } from './diagramWords';

/** How a station is drawn: the thing it matches or tests. */
export type StationTone = 'literal' | 'any' | 'class' | 'category' | 'anchor' | 'backref' | 'flags';

/** How a box is drawn: the kind of group it stands for. */
export type BoxTone =
  | 'group'
  | 'noncapture'
  | 'atomic'
  | 'lookahead'
  | 'negativeLookahead'
  | 'lookbehind'
  | 'negativeLookbehind'
  | 'scopedFlags'
  | 'conditional';

/** Where a part comes from: its explanation node(s), its span in the pattern, the core's words. */
export interface DiagramLink {
  /** The explanation keys it stands for (several for a run of characters), e.g. ["0.1", "0.2"]. */
  keys: string[];
  span16: Span;
  description: string;
}

export type DiagramItem =
  | { type: 'station'; link: DiagramLink; tone: StationTone; label: string }
  | { type: 'sequence'; items: DiagramItem[] }
  | { type: 'choice'; link: DiagramLink | null; options: DiagramItem[] }
  | {
      type: 'box';
      link: DiagramLink;
      tone: BoxTone;
      label: string;
      item: DiagramItem;
      /** A capturing group's number (it picks the group's colour), else null. */
      groupIndex: number | null;
    }
  | {
      type: 'loop';
      link: DiagramLink;
      item: DiagramItem;
      min: number;
      max: number | null;
      lazy: boolean;
      /** The bounds and the mode in words, or null for a plain `*`, `+` or `?`. */
      label: string | null;
    }
  /** Words on the track, matching nothing (a conditional's branch names). */
  | { type: 'note'; text: string }
  | { type: 'skip' };

export interface DiagramModel {
  root: DiagramItem;
  /** Every linked part, innermost last within its parent: for finding the part under a character. */
  links: DiagramLink[];
}

/** A run of plain characters longer than this becomes several stations, so none is too wide. */
export const MAX_RUN = 24;

/** The diagram of an explain answer, or null when it has no tree (an error or no answer yet). */
export function diagramOf(result: ExplainResult | null): DiagramModel | null {
  if (result === null || !result.ok) return null;
  const links: DiagramLink[] = [];
  const builder = new Builder(links);
  const root = builder.sequence(result.tree.children, '0', new Set(result.flags));
  return { root, links };
}

/**
 * The innermost linked part written over the pattern's UTF-16 position `pos16` (the character that
 * starts there), or null: the part to highlight when that character is pointed at.
 */
export function linkAt(model: DiagramModel | null, pos16: number): DiagramLink | null {
  let found: DiagramLink | null = null;
  for (const link of model?.links ?? []) {
    const [from, to] = link.span16;
    if (from > pos16 || pos16 >= to) continue;
    // Links nest: a later one inside the one found is deeper.
    if (found === null || (from >= found.span16[0] && to <= found.span16[1])) found = link;
  }
  return found;
}

/** The linked part whose construct spans exactly `span16` (what the explanation points at), or null. */
export function linkOfSpan(model: DiagramModel | null, span16: Span): DiagramLink | null {
  const all = model?.links ?? [];
  for (let i = all.length - 1; i >= 0; i--) {
    const link = all[i]!;
    if (link.span16[0] === span16[0] && link.span16[1] === span16[1]) return link;
  }
  return null;
}

class Builder {
  constructor(private readonly links: DiagramLink[]) {}

  /** The parts of a sequence of nodes (children of a group, an alternative, the whole pattern). */
  sequence(nodes: ExplainNode[], parentKey: string, flags: ReadonlySet<string>): DiagramItem {
    const items: DiagramItem[] = [];
    let run: { node: ExplainNode; key: string }[] = [];
    const endRun = () => {
      for (let i = 0; i < run.length; i += MAX_RUN) items.push(this.run(run.slice(i, i + MAX_RUN)));
      run = [];
    };
    nodes.forEach((node, i) => {
      const key = `${parentKey}.${i}`;
      if (isPlainCharacter(node)) {
        run.push({ node, key });
        return;
      }
      endRun();
      const item = this.item(node, key, flags);
      if (item !== null) items.push(item);
    });
    endRun();
    if (items.length === 0) return { type: 'skip' };
    return items.length === 1 ? items[0]! : { type: 'sequence', items };
  }

  private run(chars: { node: ExplainNode; key: string }[]): DiagramItem {
    const first = chars[0]!.node;
    const last = chars[chars.length - 1]!.node;
    const text = chars.map(({ node }) => node.char ?? '').join('');
    const description =
      chars.length === 1 ? first.description : `the characters ${JSON.stringify(text)}`;
    const link = this.link(
      chars.map((c) => c.key),
      [first.span16[0], last.span16[1]],
      description,
    );
    return { type: 'station', link, tone: 'literal', label: `"${visibleText(text)}"` };
  }

  private item(node: ExplainNode, key: string, flags: ReadonlySet<string>): DiagramItem | null {
    switch (node.kind) {
      case 'comment':
        return null;
      case 'sequence':
        return this.sequence(node.children, key, flags);
      case 'alternation': {
        const link = this.link([key], node.span16, node.description);
        const options = node.children.map((child, i) => this.item(child, `${key}.${i}`, flags));
        return { type: 'choice', link, options: options.map((o) => o ?? { type: 'skip' }) };
      }
      case 'literal':
      case 'escape':
        return this.run([{ node, key }]);
      case 'any':
        return this.station(
          node,
          key,
          'any',
          flags.has('DOTALL') ? 'any character' : 'any but newline',
        );
      case 'category':
        return this.station(node, key, 'category', categoryWords(node, flags));
      case 'class':
        return this.station(node, key, 'class', classWords(node, flags));
      case 'anchor':
        return this.station(node, key, 'anchor', anchorWords(node, flags));
      case 'backref':
        return this.station(node, key, 'backref', `same as ${groupWords(node)}`);
      case 'flags':
        return this.station(node, key, 'flags', `flags: ${(node.flags ?? []).join(', ')}`);
      case 'repeat':
        return this.loop(node, key, flags);
      case 'conditional':
        return this.conditional(node, key, flags);
      case 'scopedFlags': {
        const inner = new Set(flags);
        for (const flag of node.added ?? []) inner.add(flag);
        for (const flag of node.removed ?? []) inner.delete(flag);
        const words = [
          ...(node.added ?? []).map((flag) => `with ${flag}`),
          ...(node.removed ?? []).map((flag) => `without ${flag}`),
        ];
        return this.box(node, key, 'scopedFlags', words.join(', ') || 'flags', inner);
      }
      case 'group':
        return this.box(node, key, 'group', groupWords(node), flags);
      case 'noncapture':
        return this.box(node, key, 'noncapture', 'non-capturing', flags);
      case 'atomic':
        return this.box(node, key, 'atomic', 'atomic (no backtracking into it)', flags);
      case 'lookahead':
        return this.box(node, key, 'lookahead', 'followed by', flags);
      case 'negativeLookahead':
        return this.box(node, key, 'negativeLookahead', 'not followed by', flags);
      case 'lookbehind':
        return this.box(node, key, 'lookbehind', 'preceded by', flags);
      case 'negativeLookbehind':
        return this.box(node, key, 'negativeLookbehind', 'not preceded by', flags);
      case 'range':
      case 'pattern':
        // A range lives inside a class, the whole pattern at the root: neither stands alone.
        return this.sequence(node.children, key, flags);
    }
  }

  private station(node: ExplainNode, key: string, tone: StationTone, label: string): DiagramItem {
    return { type: 'station', link: this.link([key], node.span16, node.description), tone, label };
  }

  private box(
    node: ExplainNode,
    key: string,
    tone: BoxTone,
    label: string,
    flags: ReadonlySet<string>,
  ): DiagramItem {
    const link = this.link([key], node.span16, node.description);
    const item = this.sequence(node.children, key, flags);
    const groupIndex = tone === 'group' ? (node.groupIndex ?? null) : null;
    return { type: 'box', link, tone, label, item, groupIndex };
  }

  private loop(node: ExplainNode, key: string, flags: ReadonlySet<string>): DiagramItem {
    const link = this.link([key], node.span16, node.description);
    const min = node.min ?? 0;
    const max = node.max ?? null;
    const mode = node.mode ?? 'greedy';
    const plain = (min === 0 || min === 1) && (max === null || (min === 0 && max === 1));
    const words = [plain ? null : boundsWords(min, max), mode === 'greedy' ? null : mode];
    const label = words.filter((w) => w !== null).join(', ') || null;
    const item = this.sequence(node.children, key, flags);
    return { type: 'loop', link, item, min, max, lazy: mode === 'lazy', label };
  }

  private conditional(node: ExplainNode, key: string, flags: ReadonlySet<string>): DiagramItem {
    const link = this.link([key], node.span16, node.description);
    const [yes, no] = node.children;
    const branch = (child: ExplainNode | undefined, i: number, words: string): DiagramItem => {
      const inner =
        child === undefined ? { type: 'skip' as const } : this.item(child, `${key}.${i}`, flags);
      return {
        type: 'sequence',
        items: [{ type: 'note', text: words }, inner ?? { type: 'skip' }],
      };
    };
    const options = [branch(yes, 0, 'if it matched'), branch(no, 1, 'if it did not')];
    return {
      type: 'box',
      link,
      tone: 'conditional',
      label: `if ${groupWords(node)} matched`,
      item: { type: 'choice', link: null, options },
      groupIndex: null,
    };
  }

  private link(keys: string[], span16: Span, description: string): DiagramLink {
    const link = { keys, span16: [span16[0], span16[1]] as Span, description };
    this.links.push(link);
    return link;
  }
}

/** A literal or an escape that stands for one character: runs of them read as one word. */
function isPlainCharacter(node: ExplainNode): boolean {
  return (node.kind === 'literal' || node.kind === 'escape') && node.char !== undefined;
}

/** "group #1" or "group #1 (year)": a group as its number and name. */
function groupWords(node: ExplainNode): string {
  const number = `group #${node.groupIndex ?? '?'}`;
  return node.name ? `${number} (${node.name})` : number;
}

/** A repeat's bounds in words, e.g. "2 to 5 times". */
export function boundsWords(min: number, max: number | null): string {
  if (max === null) return `${min} or more times`;
  if (min === max) return min === 1 ? 'once' : `${min} times`;
  if (min === 0) return `at most ${max} times`;
  return `${min} to ${max} times`;
}

/** The longest class label; a longer class is cut with "…" (its station's title has it all). */
const MAX_CLASS_LABEL = 36;

/** A character class as words: "one of a–z, 0–9, _" or "none of …". */
function classWords(node: ExplainNode, flags: ReadonlySet<string>): string {
  const parts = node.children.map((child) => {
    if (child.kind === 'range') {
      return `${visibleText(child.first ?? '')}–${visibleText(child.last ?? '')}`;
    }
    if (child.kind === 'category') return categoryWords(child, flags);
    return visibleText(child.char ?? '');
  });
  const words = `${node.negated ? 'none of' : 'one of'} ${parts.join(', ')}`;
  return words.length <= MAX_CLASS_LABEL ? words : `${words.slice(0, MAX_CLASS_LABEL - 1)}…`;
}

function anchorWords(node: ExplainNode, flags: ReadonlySet<string>): string {
  const lines = flags.has('MULTILINE');
  switch (node.anchor) {
    case 'start':
      return lines ? 'start of line' : 'start of string';
    case 'end':
      return lines ? 'end of line' : 'end of string';
    case 'startOfString':
      return 'start of string only';
    case 'endOfString':
      return 'end of string only';
    case 'wordBoundary':
      return 'word boundary';
    case 'notWordBoundary':
      return 'not a word boundary';
    default:
      return node.description;
  }
}
