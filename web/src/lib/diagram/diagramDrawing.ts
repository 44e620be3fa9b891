/**
 * Draws a diagram model with the railroad-diagrams library: stations become terminals (plain
 * characters, rounded) or non-terminals (everything else, square), boxes become labelled groups,
 * loops become OneOrMore loops (optional ones wrapped in Optional), alternations become choices.
 * A sequence wider than the room it has is stacked in rows, so a 2 000-character pattern reads top
 * to bottom instead of running off to the right.
 *
 * Every drawn part carries `data-link` (its index in the model's links) and classes saying what
 * it is (`rx-station rx-class`, `rx-box rx-lookahead`, `rx-group-2`…), for the page to style, link
 * and highlight. The library builds the SVG with textContent, never innerHTML, and `toString`
 * escapes text: the user's pattern never becomes markup. No DOM is needed until `toSVG`.
 */
import {
  Choice,
  Comment,
  Diagram,
  Group,
  NonTerminal,
  OneOrMore,
  Optional,
  Sequence,
  Skip,
  Stack,
  Terminal,
  type FakeSVG,
} from '@prantlf/railroad-diagrams';
import type { DiagramItem, DiagramLink, DiagramModel } from './diagramModel';

/** The class on the drawing's root `<svg>`; diagramStyle.ts scopes every rule under it. */
export const DIAGRAM_CLASS = 'rx-diagram';

/** The narrowest room a sequence is given before it is stacked: one station per row is no use. */
const MIN_ROW_WIDTH = 240;
/** What a box's frame and margins take from the room its content has. */
const BOX_MARGIN = 40;

/** The library's drawing of `model`, no wider than `maxWidth` where a row break can help. */
export function drawDiagram(model: DiagramModel, maxWidth: number): Diagram {
  const indexOf = new Map<DiagramLink, number>(model.links.map((link, i) => [link, i]));
  const drawing = new Drawing(indexOf);
  const diagram = new Diagram(drawing.item(model.root, maxWidth));
  diagram.attrs.class = DIAGRAM_CLASS;
  return diagram.format();
}

class Drawing {
  constructor(private readonly indexOf: ReadonlyMap<DiagramLink, number>) {}

  item(item: DiagramItem, room: number): FakeSVG {
    switch (item.type) {
      case 'skip':
        return new Skip();
      case 'note':
        return this.mark(new Comment(item.text), null, 'rx-note');
      case 'sequence':
        return this.sequence(item.items, room);
      case 'choice': {
        const options = item.options.map((option) => this.item(option, room - BOX_MARGIN));
        return this.mark(new Choice(0, ...options), item.link, 'rx-choice');
      }
      case 'station': {
        const Shape = item.tone === 'literal' ? Terminal : NonTerminal;
        return this.mark(new Shape(item.label), item.link, `rx-station rx-${item.tone}`);
      }
      case 'box': {
        const inner = this.item(item.item, room - BOX_MARGIN);
        const label = this.mark(new Comment(item.label), null, 'rx-box-label');
        // Capturing groups take the page's five group colours in turn, as the matches do.
        const group =
          item.groupIndex === null ? '' : ` rx-group-${((item.groupIndex - 1) % 5) + 1}`;
        return this.mark(new Group(inner, label), item.link, `rx-box rx-${item.tone}${group}`);
      }
      case 'loop':
        return this.loop(item, room);
    }
  }

  private loop(item: Extract<DiagramItem, { type: 'loop' }>, room: number): FakeSVG {
    const inner = this.item(item.item, room - BOX_MARGIN);
    const label =
      item.label === null ? undefined : this.mark(new Comment(item.label), null, 'rx-loop-label');
    // A lazy optional prefers to skip: its skip is drawn as the straight track.
    const skip = item.lazy ? 'skip' : undefined;
    let drawn: FakeSVG;
    if (item.max === 0) drawn = new Sequence(label ?? new Comment('0 times'));
    else if (item.min === 0 && item.max === 1) {
      drawn = new Optional(inner, skip);
      if (label !== undefined) drawn = new Sequence(drawn, label);
    } else if (item.min === 0) drawn = new Optional(new OneOrMore(inner, label), skip);
    else drawn = new OneOrMore(inner, label);
    return this.mark(drawn, item.link, 'rx-loop');
  }

  /** Items side by side, stacked in rows when they are wider together than `room`. */
  private sequence(items: DiagramItem[], room: number): FakeSVG {
    const drawn = items.map((item) => this.item(item, room));
    const width = Math.max(room, MIN_ROW_WIDTH);
    const rows: FakeSVG[][] = [[]];
    let used = 0;
    for (const part of drawn) {
      const partWidth = part.width + (part.needsSpace ? 20 : 0);
      const row = rows[rows.length - 1]!;
      if (row.length > 0 && used + partWidth > width) {
        rows.push([part]);
        used = partWidth;
      } else {
        row.push(part);
        used += partWidth;
      }
    }
    if (rows.length === 1) return new Sequence(...rows[0]!);
    return new Stack(...rows.map((row) => new Sequence(...row)));
  }

  /** Tags `part` with its link's index and its classes. */
  private mark(part: FakeSVG, link: DiagramLink | null, classes: string): FakeSVG {
    const existing = part.attrs.class;
    part.attrs.class = existing === undefined ? classes : `${String(existing)} ${classes}`;
    const index = link === null ? undefined : this.indexOf.get(link);
    if (index !== undefined) part.attrs['data-link'] = index;
    return part;
  }
}
