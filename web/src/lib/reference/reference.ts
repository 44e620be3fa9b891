/**
 * The Python `re` quick reference as typed data: reference.json is the one source (its $comment
 * says what every field means), read here for the page and by tests/test_reference.py, which runs
 * every example on every Python we ship. Nothing here computes; it only names the shape.
 */
import data from './reference.json' with { type: 'json' };

/** Where clicking an entry inserts it: the pattern editor, or the replacement editor of sub. */
export type ReferenceTarget = 'pattern' | 'replacement';

export interface ReferenceExample {
  pattern: string;
  text: string;
  /** What re.search finds in `text` (null: no match); pattern entries only. */
  match?: string | null;
  /** sub's replacement and what re.sub returns; replacement entries only. */
  replacement?: string;
  output?: string;
  /** The example is a bytes pattern (its texts are latin-1). */
  bytes?: boolean;
}

export interface ReferenceEntry {
  id: string;
  /** How the construct is written, e.g. "*+" or "(?P<name>…)". */
  syntax: string;
  /** One line: what it means. */
  meaning: string;
  /** The text a click inserts. */
  insert: string;
  /** The first supported version that accepts it ("3.11" for anything older). */
  since: string;
  /** The first version that rejects it again, if one does. */
  until?: string;
  /** Shown as a "new in" badge (the rule is in reference.json's $comment). */
  newIn?: string;
  /** The warning category the construct compiles with (before `until`, when set). */
  warning?: { category: string };
  example: ReferenceExample;
}

export interface ReferenceGroup {
  id: string;
  name: string;
  target: ReferenceTarget;
  entries: readonly ReferenceEntry[];
}

/** The oldest Python the page runs: a construct accepted there is simply "always there". */
export const OLDEST_VERSION: string = data.oldest;

export const REFERENCE_GROUPS: readonly ReferenceGroup[] = data.groups as readonly ReferenceGroup[];
