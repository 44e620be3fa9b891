/**
 * The drawing of every fixture answer (tests/fixtures/explain_trees.json), read as the library's
 * markup (`toString`, no DOM needed): every part is there with its link and classes, the user's
 * text is escaped, and a long pattern is stacked in rows instead of running off to the right.
 */
import { describe, expect, it } from 'vitest';
import answers from '../../../../tests/fixtures/explain_trees.json' with { type: 'json' };
import type { ExplainNode, ExplainResult } from '../engine/contract';
import { explainNode, explanationOf } from '../engine/testing/explainTrees';
import { DIAGRAM_CLASS, drawDiagram } from './diagramDrawing';
import { diagramOf, type DiagramItem } from './diagramModel';

const ANSWERS = answers as unknown as { pattern: string; flags: string; answer: ExplainResult }[];

function markupOf(answer: ExplainResult, maxWidth = 800): string {
  return drawDiagram(diagramOf(answer)!, maxWidth).toString();
}

/** The words the model puts on its parts (each must be drawn). */
function labelsOf(item: DiagramItem): string[] {
  switch (item.type) {
    case 'station':
      return [item.label];
    case 'note':
      return [item.text];
    case 'sequence':
      return item.items.flatMap(labelsOf);
    case 'choice':
      return item.options.flatMap(labelsOf);
    case 'box':
      return [item.label, ...labelsOf(item.item)];
    case 'loop':
      return [...(item.label === null ? [] : [item.label]), ...labelsOf(item.item)];
    case 'skip':
      return [];
  }
}

/** The words of every `<text>` of the markup, its character references read back. */
function textsOf(markup: string): Set<string> {
  const texts = [...markup.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
  return new Set(
    texts.map((text) =>
      text
        .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
        .replaceAll('&lt;', '<')
        .replaceAll('&gt;', '>')
        .replaceAll('&amp;', '&'),
    ),
  );
}

describe('drawDiagram', () => {
  it.each(ANSWERS.map((a) => [`${a.pattern}/${a.flags}`, a.answer] as const))(
    '%s: every linked part is drawn once, with its words',
    (_, answer) => {
      const model = diagramOf(answer)!;
      const markup = markupOf(answer);
      expect(markup).toMatch(new RegExp(`^<svg class="${DIAGRAM_CLASS}"`));
      model.links.forEach((_link, i) => {
        expect(markup.split(`data-link="${i}"`)).toHaveLength(2);
      });
      const words = textsOf(markup);
      for (const label of labelsOf(model.root)) expect(words).toContain(label);
    },
  );

  it('gives each kind of group its own class, and capturing groups their colour', () => {
    const markup = markupOf(ANSWERS.find((a) => a.pattern.startsWith('(?i)(?>a++'))!.answer);
    for (const kind of [
      'rx-atomic',
      'rx-negativeLookbehind',
      'rx-group rx-group-1',
      'rx-noncapture',
    ]) {
      expect(markup).toContain(`rx-box ${kind}`);
    }
    expect(markup).toContain('rx-station rx-backref');
    expect(markup).toContain('rx-station rx-flags');
    expect(markup).toContain('>group #1 (q)</text>');
  });

  it('writes the user text as text, never as markup', () => {
    const text = '<b>&"x"';
    const tree = explainNode(
      'pattern',
      [0, text.length],
      [...text].map((c, i) => explainNode('literal', [i, i + 1], [], { char: c })),
    );
    const markup = markupOf(explanationOf(tree));
    expect(textsOf(markup)).toContain(`"${text}"`);
    expect(markup).not.toContain('<b>');
  });

  it('stacks a 2 000-character pattern in rows no wider than the room', () => {
    // `(?:ab|cd)\d+x` 160 times: 2 080 characters, 480 linked parts.
    const unit = String.raw`(?:ab|cd)\d+x`;
    const parts: ExplainNode[] = [];
    for (let i = 0; i < 160; i++) {
      const at = i * unit.length;
      const literal = (offset: number, char: string) =>
        explainNode('literal', [at + offset, at + offset + 1], [], { char });
      const alternation = explainNode(
        'alternation',
        [at + 3, at + 8],
        [
          explainNode('sequence', [at + 3, at + 5], [literal(3, 'a'), literal(4, 'b')]),
          explainNode('sequence', [at + 6, at + 8], [literal(6, 'c'), literal(7, 'd')]),
        ],
      );
      parts.push(explainNode('noncapture', [at, at + 9], [alternation]));
      const digit = explainNode('category', [at + 9, at + 11], [], { category: 'digit' });
      parts.push(
        explainNode('repeat', [at + 9, at + 12], [digit], { min: 1, max: null, mode: 'greedy' }),
      );
      parts.push(literal(12, 'x'));
    }
    const pattern = unit.repeat(160);
    const model = diagramOf(explanationOf(explainNode('pattern', [0, pattern.length], parts)))!;
    const diagram = drawDiagram(model, 900);
    expect(Number(diagram.attrs.width)).toBeLessThanOrEqual(900 + 120);
    expect(Number(diagram.attrs.height)).toBeGreaterThan(2000);
    expect(diagram.toString().match(/data-link="/g)).toHaveLength(model.links.length);
  });
});
