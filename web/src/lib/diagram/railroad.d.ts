/**
 * Types for the parts of @prantlf/railroad-diagrams the diagram uses (the package ships none).
 * Every part is a FakeSVG: a tag, attributes and children, sized when built and placed by
 * `format`; `toSVG` makes DOM nodes (text by textContent), `toString` markup with text escaped.
 */
declare module '@prantlf/railroad-diagrams' {
  export class FakeSVG {
    tagName: string;
    attrs: Record<string, string | number>;
    children: FakeSVG[] | string;
    width: number;
    up: number;
    down: number;
    height: number;
    needsSpace: boolean;
    toSVG(): SVGElement;
    toString(): string;
  }
  export class Diagram extends FakeSVG {
    constructor(...items: FakeSVG[]);
    format(
      paddingTop?: number,
      paddingRight?: number,
      paddingBottom?: number,
      paddingLeft?: number,
    ): this;
    override toSVG(): SVGSVGElement;
  }
  export class Sequence extends FakeSVG {
    constructor(...items: FakeSVG[]);
  }
  export class Stack extends FakeSVG {
    constructor(...items: FakeSVG[]);
  }
  export class Choice extends FakeSVG {
    constructor(normal: number, ...items: FakeSVG[]);
  }
  export class Optional extends FakeSVG {
    constructor(item: FakeSVG, skip?: 'skip');
  }
  export class OneOrMore extends FakeSVG {
    constructor(item: FakeSVG, repeat?: FakeSVG);
  }
  export class Group extends FakeSVG {
    constructor(item: FakeSVG, label?: FakeSVG | string);
  }
  export class Terminal extends FakeSVG {
    constructor(text: string);
  }
  export class NonTerminal extends FakeSVG {
    constructor(text: string);
  }
  export class Comment extends FakeSVG {
    constructor(text: string);
  }
  export class Skip extends FakeSVG {
    constructor();
  }
  export const Options: {
    VS: number;
    AR: number;
    CHAR_WIDTH: number;
    COMMENT_CHAR_WIDTH: number;
    DIAGRAM_CLASS: string;
  };
}
