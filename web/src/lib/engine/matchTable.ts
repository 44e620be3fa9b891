/**
 * The matches of one result, read from the packed int32 block the engine sends (see
 * py/pyregex/packed.py and the PackedMatches layout), never all turned into objects.
 *
 * 100 000 matches as JSON objects cost more than the search itself, so the engine sends offsets
 * only and this table answers questions about them: how many, where match i or its group g is (in
 * code points or UTF-16 units), what it matched (a slice of the text the offsets index), and a
 * `Match` object for the few the page actually shows (`at`). Arrays and tables share the
 * `length`/`at` shape, so code that shows a handful of matches reads both alike.
 */
import type { Group, Match, PackedMatches, Span } from './contract';

/** What a table and a plain array of matches have in common: enough to show a few of them. */
export interface MatchesLike {
  readonly length: number;
  at(index: number): Match | undefined;
}

/** The [start, end) of a span, or null when the group did not take part. */
type MaybeSpan = Span | null;

export class MatchTable {
  /** No matches (for a text that has none, or results that do not belong to it). */
  static readonly EMPTY = new MatchTable('', new Int32Array(0), new Int32Array(0), null, 1, []);

  readonly #spans: Int32Array;
  readonly #spans16: Int32Array;
  readonly #output16: Int32Array | null;
  readonly #slots: number;
  readonly #names: readonly (string | null)[];

  /** The number of matches. */
  readonly length: number;

  private constructor(
    /** The text the offsets index (the request's text). */
    readonly text: string,
    spans: Int32Array,
    spans16: Int32Array,
    output16: Int32Array | null,
    groupSlots: number,
    names: readonly (string | null)[],
  ) {
    this.#spans = spans;
    this.#spans16 = spans16;
    this.#output16 = output16;
    this.#slots = groupSlots;
    this.#names = names;
    this.length = spans.length / (2 * groupSlots);
  }

  /**
   * Reads the engine's packed block (`data`, laid out as `layout` says) for `text`.
   * `groupNames` is the result's name → number map.
   */
  static fromPacked(
    layout: PackedMatches,
    data: ArrayBuffer,
    text: string,
    groupNames: Readonly<Record<string, number | undefined>>,
  ): MatchTable {
    const block = layout.count * layout.groupSlots * 2;
    const needed = block * (layout.spans16 ? 2 : 1) + (layout.outputSpans16 ? layout.count * 2 : 0);
    const ints = new Int32Array(data, 0, Math.min(needed, data.byteLength >> 2));
    if (ints.length !== needed) {
      throw new Error(`packed matches: expected ${needed} offsets, got ${data.byteLength / 4}`);
    }
    const spans = ints.subarray(0, block);
    const spans16 = layout.spans16 ? ints.subarray(block, 2 * block) : spans;
    const rest = ints.subarray((layout.spans16 ? 2 : 1) * block);
    return new MatchTable(
      text,
      spans,
      spans16,
      layout.outputSpans16 ? rest : null,
      layout.groupSlots,
      namesByIndex(groupNames, layout.groupSlots),
    );
  }

  /** A table of match objects (fakes and tests); every match must have the same groups. */
  static fromMatches(matches: readonly Match[], text: string): MatchTable {
    const slots = matches[0]?.groups.length ?? 1;
    const spans = new Int32Array(matches.length * slots * 2);
    const spans16 = new Int32Array(spans.length);
    const hasOutput = matches.some((match) => match.outputSpan16 !== undefined);
    const output16 = hasOutput ? new Int32Array(matches.length * 2) : null;
    const names: (string | null)[] = new Array<string | null>(slots).fill(null);
    matches.forEach((match, i) => {
      if (match.groups.length !== slots) throw new Error('every match needs the same groups');
      match.groups.forEach((group, g) => {
        const at = (i * slots + g) * 2;
        spans.set(group.span ?? [-1, -1], at);
        spans16.set(group.span16 ?? [-1, -1], at);
        names[g] = group.name;
      });
      output16?.set(match.outputSpan16 ?? [-1, -1], i * 2);
    });
    return new MatchTable(text, spans, spans16, output16, slots, names);
  }

  /**
   * Match objects packed as the engine packs an evaluation's (the inverse of `fromPacked`), with
   * the name → number map `fromPacked` takes: how the worker sends a trace's matches, which the
   * interpreter gives as objects, without making the page rebuild thousands of objects.
   */
  static pack(matches: readonly Match[]): {
    layout: PackedMatches;
    data: ArrayBuffer;
    groupNames: Record<string, number>;
  } {
    const table = MatchTable.fromMatches(matches, '');
    const { count, slots } = { count: table.length, slots: table.#slots };
    const block = count * slots * 2;
    const spans16 = table.#spans16.some((v, i) => v !== table.#spans[i]);
    const outputSpans16 = table.#output16 !== null;
    const ints = new Int32Array(block * (spans16 ? 2 : 1) + (outputSpans16 ? count * 2 : 0));
    ints.set(table.#spans, 0);
    if (spans16) ints.set(table.#spans16, block);
    if (table.#output16 !== null) ints.set(table.#output16, block * (spans16 ? 2 : 1));
    const groupNames: Record<string, number> = {};
    table.#names.forEach((name, index) => {
      if (name !== null) groupNames[name] = index;
    });
    return {
      layout: { count, groupSlots: slots, spans16, outputSpans16 },
      data: ints.buffer,
      groupNames,
    };
  }

  /** Groups per match, group 0 (the whole match) included. */
  get groupSlots(): number {
    return this.#slots;
  }

  /** Match `i`'s group `g` (0: the whole match) in code points, or null if it did not take part. */
  span(i: number, g = 0): MaybeSpan {
    return pair(this.#spans, (i * this.#slots + g) * 2);
  }

  /** The same in UTF-16 code units (offsets into the JS string). */
  span16(i: number, g = 0): MaybeSpan {
    return pair(this.#spans16, (i * this.#slots + g) * 2);
  }

  /** Where match `i` starts, in UTF-16 units (no allocation: for scans over every match). */
  start16(i: number): number {
    return this.#spans16[i * this.#slots * 2]!;
  }

  /** Where match `i` ends, in UTF-16 units. */
  end16(i: number): number {
    return this.#spans16[i * this.#slots * 2 + 1]!;
  }

  /** What match `i`'s group `g` matched, or null if it did not take part. */
  value(i: number, g = 0): string | null {
    const span = this.span16(i, g);
    return span === null ? null : this.text.slice(span[0], span[1]);
  }

  /** sub and subn: where match `i`'s replacement stands in the output, in UTF-16 units. */
  outputSpan16(i: number): Span | undefined {
    return this.#output16 === null ? undefined : (pair(this.#output16, i * 2) ?? undefined);
  }

  /** Match `i` as the contract's object (built on demand), or undefined past the end. */
  at(i: number): Match | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    const groups: Group[] = [];
    for (let g = 0; g < this.#slots; g++) {
      groups.push({
        index: g,
        name: this.#names[g] ?? null,
        span: this.span(i, g),
        span16: this.span16(i, g),
        value: this.value(i, g),
      });
    }
    const match: Match = {
      span: this.span(i)!,
      span16: this.span16(i)!,
      groups: groups as Match['groups'],
    };
    const output = this.outputSpan16(i);
    if (output !== undefined) match.outputSpan16 = output;
    return match;
  }

  /** Every match as an object: for small results and tests only. */
  toArray(): Match[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i)!);
  }
}

function pair(ints: Int32Array, at: number): MaybeSpan {
  const start = ints[at]!;
  return start < 0 ? null : [start, ints[at + 1]!];
}

function namesByIndex(
  groupNames: Readonly<Record<string, number | undefined>>,
  slots: number,
): (string | null)[] {
  const names = new Array<string | null>(slots).fill(null);
  for (const [name, index] of Object.entries(groupNames)) {
    if (index !== undefined) names[index] = name;
  }
  return names;
}
