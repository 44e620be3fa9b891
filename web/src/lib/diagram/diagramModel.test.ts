/**
 * The diagram model of every construct, built from the core's own explain() answers: the trees of
 * tests/fixtures/explain_trees.json are what tests/test_explain.py checks (and proves current).
 */
import { describe, expect, it } from 'vitest';
import answers from '../../../../tests/fixtures/explain_trees.json' with { type: 'json' };
import type { ExplainNode, ExplainResult } from '../engine/contract';
import { explainNode, explanationOf } from '../engine/testing/explainTrees';
import {
  MAX_RUN,
  diagramOf,
  linkAt,
  linkOfSpan,
  type DiagramItem,
  type DiagramModel,
} from './diagramModel';

interface Answer {
  pattern: string;
  flags: string;
  kind: string | null;
  answer: ExplainResult;
}
const ANSWERS = answers as unknown as Answer[];

function modelOf(pattern: string, flags = ''): DiagramModel {
  const entry = ANSWERS.find((a) => a.pattern === pattern && a.flags === flags);
  if (entry === undefined) throw new Error(`no answer for ${pattern}/${flags} in the fixture`);
  const model = diagramOf(entry.answer);
  if (model === null) throw new Error('no model');
  return model;
}

/** Every item of the model, depth first. */
function items(item: DiagramItem): DiagramItem[] {
  switch (item.type) {
    case 'sequence':
      return [item, ...item.items.flatMap(items)];
    case 'choice':
      return [item, ...item.options.flatMap(items)];
    case 'box':
    case 'loop':
      return [item, ...items(item.item)];
    default:
      return [item];
  }
}

function only<T extends DiagramItem['type']>(
  model: DiagramModel,
  type: T,
): Extract<DiagramItem, { type: T }>[] {
  return items(model.root).filter((i): i is Extract<DiagramItem, { type: T }> => i.type === type);
}

function labels(model: DiagramModel): string[] {
  return items(model.root).flatMap((i) =>
    i.type === 'station' || i.type === 'box'
      ? [i.label]
      : i.type === 'loop' && i.label !== null
        ? [i.label]
        : i.type === 'note'
          ? [i.text]
          : [],
  );
}

function walk(node: ExplainNode, key: string, out: [string, ExplainNode][] = []) {
  out.push([key, node]);
  node.children.forEach((child, i) => walk(child, `${key}.${i}`, out));
  return out;
}

describe('diagramOf, over every answer of the fixture', () => {
  it.each(ANSWERS.map((a) => [`${a.pattern}/${a.flags}`, a] as const))(
    '%s: each construct is drawn once, linked to its node and span',
    (_, { pattern, answer }) => {
      const model = diagramOf(answer)!;
      if (!answer.ok) throw new Error('fixture answers are successes');
      const drawn = new Map(model.links.flatMap((link) => link.keys.map((k) => [k, link])));
      for (const [key, node] of walk(answer.tree, '0')) {
        // The whole pattern, its alternatives and a class's ranges are not parts of their own,
        // and what is inside a class is words on the class's station; comments are left out.
        const inClass = walk(answer.tree, '0').some(
          ([k, n]) => n.kind === 'class' && key.startsWith(`${k}.`),
        );
        const drawnAlone = !['pattern', 'sequence', 'range', 'comment'].includes(node.kind);
        expect(drawn.has(key), `${node.kind} ${key}`).toBe(drawnAlone && !inClass);
        const link = drawn.get(key);
        if (link === undefined) continue;
        expect(link.span16[0]).toBeLessThanOrEqual(node.span16[0]);
        expect(link.span16[1]).toBeGreaterThanOrEqual(node.span16[1]);
        expect(link.span16[1]).toBeLessThanOrEqual(pattern.length);
      }
    },
  );
});

describe('each construct in words', () => {
  it('joins a run of characters into one station, escapes shown', () => {
    const [abc] = only(modelOf('abc'), 'station');
    expect(abc).toMatchObject({ tone: 'literal', label: '"abc"', link: { span16: [0, 3] } });
    expect(abc!.link.keys).toEqual(['0.0', '0.1', '0.2']);
    expect(labels(modelOf(String.raw`a\.`))).toEqual(['"a."']);
    expect(labels(modelOf(String.raw`\n`))).toEqual([String.raw`"\n"`]);
    expect(labels(modelOf(String.raw`\t`))).toEqual([String.raw`"\t"`]);
    expect(labels(modelOf(String.raw`\0`))).toEqual([String.raw`"\0"`]);
    expect(labels(modelOf(String.raw`\N{EM DASH}`))).toEqual(['"—"']);
    expect(labels(modelOf(String.raw`\U0001F600`))).toEqual(['"😀"']);
  });

  it('cuts a long run into stations of at most MAX_RUN characters', () => {
    const text = 'x'.repeat(MAX_RUN * 2 + 3);
    const tree = explainNode(
      'pattern',
      [0, text.length],
      [...text].map((c, i) => explainNode('literal', [i, i + 1], [], { char: c })),
    );
    const stations = only(diagramOf(explanationOf(tree))!, 'station');
    expect(stations.map((s) => s.label.length - 2)).toEqual([MAX_RUN, MAX_RUN, 3]);
    expect(stations[1]!.link.span16).toEqual([MAX_RUN, MAX_RUN * 2]);
  });

  it('says what `.` matches, by DOTALL', () => {
    expect(labels(modelOf('.'))).toEqual(['any but newline']);
    expect(labels(modelOf('.', 's'))).toEqual(['any character']);
    expect(labels(modelOf('(?s-i:.)'))).toContain('any character');
  });

  it('reads classes and categories', () => {
    expect(labels(modelOf('[a-z_]'))).toEqual(['one of a–z, _']);
    expect(labels(modelOf(String.raw`[^\d\s]`))).toEqual(['none of digit, whitespace']);
    expect(labels(modelOf(String.raw`[\x00-\x1f]`))).toEqual([String.raw`one of \0–\x1f`]);
    expect(labels(modelOf('[]a]'))).toEqual(['one of ], a']);
    expect(labels(modelOf(String.raw`[\b]`))).toEqual([String.raw`one of \b`]);
    expect(labels(modelOf(String.raw`\d`))).toEqual(['digit']);
    expect(labels(modelOf(String.raw`\d`, 'a'))).toEqual(['digit (ASCII)']);
    expect(labels(modelOf(String.raw`\D`))).toEqual(['not a digit']);
    expect(labels(modelOf(String.raw`\s`))).toEqual(['whitespace']);
    expect(labels(modelOf(String.raw`\S`))).toEqual(['not whitespace']);
    expect(labels(modelOf(String.raw`\w`))).toEqual(['word character']);
    expect(labels(modelOf(String.raw`\W`))).toEqual(['not a word character']);
    const [station] = only(modelOf('[a-z_]'), 'station');
    expect(station!.tone).toBe('class');
  });

  it('labels groups with number and name, each kind in words and its own tone', () => {
    const [year] = only(modelOf(String.raw`(?P<year>\d{4})`), 'box');
    expect(year).toMatchObject({ tone: 'group', label: 'group #1 (year)', groupIndex: 1 });
    const boxes = (pattern: string, flags = '') =>
      only(modelOf(pattern, flags), 'box').map((b) => [b.tone, b.label]);
    expect(boxes('(a)')).toEqual([['group', 'group #1']]);
    expect(boxes('(?:ab)')).toEqual([['noncapture', 'non-capturing']]);
    expect(boxes('(?>a+)b')).toEqual([['atomic', 'atomic (no backtracking into it)']]);
    expect(boxes('a(?=b)')).toEqual([['lookahead', 'followed by']]);
    expect(boxes('a(?!b)')).toEqual([['negativeLookahead', 'not followed by']]);
    expect(boxes('(?<=a)b')).toEqual([['lookbehind', 'preceded by']]);
    expect(boxes('(?<!a)b')).toEqual([['negativeLookbehind', 'not preceded by']]);
    expect(boxes('(?i:a)')).toEqual([['scopedFlags', 'with IGNORECASE']]);
    expect(boxes('(?-i:a)', 'i')).toEqual([['scopedFlags', 'without IGNORECASE']]);
    expect(boxes('(?s-i:.)')).toEqual([['scopedFlags', 'with DOTALL, without IGNORECASE']]);
    // An empty lookahead draws an empty track, not nothing.
    expect(only(modelOf('a(?!)'), 'box')[0]!.item).toEqual({ type: 'skip' });
  });

  it('draws quantifiers as loops with bounds and mode', () => {
    const loop = (pattern: string) => {
      const [found] = only(modelOf(pattern), 'loop');
      return [found!.min, found!.max, found!.lazy, found!.label];
    };
    expect(loop('a*')).toEqual([0, null, false, null]);
    expect(loop('a+')).toEqual([1, null, false, null]);
    expect(loop('a?')).toEqual([0, 1, false, null]);
    expect(loop('a+?')).toEqual([1, null, true, 'lazy']);
    expect(loop('a++')).toEqual([1, null, false, 'possessive']);
    expect(loop('a*+')).toEqual([0, null, false, 'possessive']);
    expect(loop('a?+')).toEqual([0, 1, false, 'possessive']);
    expect(loop('a{3}')).toEqual([3, 3, false, '3 times']);
    expect(loop('a{2,}')).toEqual([2, null, false, '2 or more times']);
    expect(loop('a{,3}')).toEqual([0, 3, false, 'at most 3 times']);
    expect(loop('a{2,3}?')).toEqual([2, 3, true, '2 to 3 times, lazy']);
    expect(loop('a{1,2}+')).toEqual([1, 2, false, '1 to 2 times, possessive']);
    const [repeated] = only(modelOf('(?:a|b)+'), 'loop');
    expect(repeated!.item).toMatchObject({ type: 'box', tone: 'noncapture' });
  });

  it('draws a conditional with both branches, labelled with the group', () => {
    const [conditional] = only(modelOf('(a)?(?(1)b|c)'), 'box').filter(
      (b) => b.tone === 'conditional',
    );
    expect(conditional!.label).toBe('if group #1 matched');
    const choice = conditional!.item;
    if (choice.type !== 'choice') throw new Error('a conditional holds a choice');
    expect(
      choice.options.map((o) => items(o).flatMap((i) => ('label' in i ? [i.label] : []))),
    ).toEqual([['"b"'], ['"c"']]);
    expect(labels(modelOf('(?P<x>a)?(?(x)b)'))).toEqual(
      expect.arrayContaining(['if group #1 (x) matched', 'if it matched', 'if it did not']),
    );
    // No "no" branch: the second track is empty.
    const [named] = only(modelOf('(?P<x>a)?(?(x)b)'), 'box').filter(
      (b) => b.tone === 'conditional',
    );
    const branches = named!.item.type === 'choice' ? named!.item.options : [];
    expect(items(branches[1]!).some((i) => i.type === 'skip')).toBe(true);
  });

  it('names backreferences, anchors and whole-pattern flags', () => {
    expect(labels(modelOf(String.raw`(a)\1`))).toContain('same as group #1');
    expect(labels(modelOf('(?P<x>a)(?P=x)'))).toContain('same as group #1 (x)');
    expect(labels(modelOf('^a'))).toContain('start of string');
    expect(labels(modelOf('^a', 'm'))).toContain('start of line');
    expect(labels(modelOf('a$'))).toContain('end of string');
    expect(labels(modelOf('a$', 'm'))).toContain('end of line');
    expect(labels(modelOf(String.raw`\Aa`))).toContain('start of string only');
    expect(labels(modelOf(String.raw`a\Z`))).toContain('end of string only');
    expect(labels(modelOf(String.raw`\ba`))).toContain('word boundary');
    expect(labels(modelOf(String.raw`\Ba`))).toContain('not a word boundary');
    expect(labels(modelOf('(?im)a'))).toContain('flags: IGNORECASE, MULTILINE');
  });

  it('leaves comments out and draws alternatives as a choice', () => {
    expect(labels(modelOf('a(?#note)b'))).toEqual(['"a"', '"b"']);
    expect(labels(modelOf('a # note\nb', 'x'))).toEqual(['"a"', '"b"']);
    const [choice] = only(modelOf('a|b'), 'choice');
    expect(choice!.options).toHaveLength(2);
    const [withEmpty] = only(modelOf('a|'), 'choice');
    expect(withEmpty!.options[1]).toEqual({ type: 'skip' });
    expect(diagramOf(ANSWERS.find((a) => a.pattern === '')!.answer)!.root).toEqual({
      type: 'skip',
    });
  });

  it('has no model for an error or no answer', () => {
    expect(diagramOf(null)).toBeNull();
    const error = { ok: false, error: { type: 'PatternError' } } as unknown as ExplainResult;
    expect(diagramOf(error)).toBeNull();
  });
});

describe('finding parts', () => {
  const model = modelOf(String.raw`(?P<year>\d{4})-(?:a|b)+?`);

  it('linkAt: the innermost part over a character', () => {
    expect(linkAt(model, 0)!.description).toBe("capturing group #1 named 'year'");
    expect(linkAt(model, 9)!.description).toBe(String.raw`a digit (\d, Unicode)`);
    expect(linkAt(model, 11)!.description).toBe(String.raw`exactly 4 of a digit (\d, Unicode)`);
    expect(linkAt(model, 15)!.keys).toEqual(['0.1']);
    expect(linkAt(model, 19)!.description).toBe("the character 'a'");
    expect(linkAt(model, 99)).toBeNull();
  });

  it('linkOfSpan: the part drawn for exactly that span', () => {
    expect(linkOfSpan(model, [0, 15])!.keys).toEqual(['0.0']);
    expect(linkOfSpan(model, [16, 25])!.description).toBe('one or more of (?:a|b), lazy');
    expect(linkOfSpan(model, [1, 2])).toBeNull();
  });
});
