/**
 * The railroad diagram's look, written once for both of its uses: on the page its colours are the
 * theme's CSS variables (so it follows light and dark mode, with the palette's AA contrast), and in
 * an exported SVG or PNG they are the values those variables have at export time (a file has no
 * page to inherit them from). Each kind of group is drawn distinctly (line colour and dash) and is
 * also labelled in words, so no kind is told apart by colour alone.
 */
import { DIAGRAM_CLASS } from './diagramDrawing';

/** The theme variables the diagram is drawn with, by role. */
export const DIAGRAM_VARIABLES = {
  background: '--color-bg',
  station: '--color-panel',
  text: '--color-text',
  muted: '--color-text-muted',
  line: '--color-border-strong',
  pointed: '--color-accent',
  pointedFill: '--color-selection',
  quantifier: '--color-syntax-quantifier',
  class: '--color-syntax-class',
  anchor: '--color-syntax-anchor',
  lookaround: '--color-syntax-lookaround',
  backref: '--color-syntax-backref',
  flags: '--color-syntax-flags',
  group1: '--color-group-1-line',
  group2: '--color-group-2-line',
  group3: '--color-group-3-line',
  group4: '--color-group-4-line',
  group5: '--color-group-5-line',
  font: '--font-mono',
} as const;

export type DiagramPalette = Record<keyof typeof DIAGRAM_VARIABLES, string>;

/** The palette as the page's own variables: the diagram follows the theme live. */
export const LIVE_PALETTE = Object.fromEntries(
  Object.entries(DIAGRAM_VARIABLES).map(([role, variable]) => [role, `var(${variable})`]),
) as DiagramPalette;

/** The palette's values now, read from `element`'s computed style (for a file on its own). */
export function resolvedPalette(element: Element): DiagramPalette {
  const style = getComputedStyle(element);
  return Object.fromEntries(
    Object.entries(DIAGRAM_VARIABLES).map(([role, variable]) => [
      role,
      style.getPropertyValue(variable).trim() || (role === 'font' ? 'monospace' : 'currentColor'),
    ]),
  ) as DiagramPalette;
}

/** Each capturing group's line, as the matches underline it: solid, dashed, dotted, thick, broken. */
const GROUP_DASHES = ['none', '8 4', '2 3', 'none', '10 3 2 3'];

/** The stylesheet of the diagram, every rule under its root class. */
export function diagramCss(p: DiagramPalette): string {
  const s = `svg.${DIAGRAM_CLASS}`;
  const box = (tone: string, stroke: string, dash: string, width = 2) =>
    `${s} .rx-${tone} > rect.group-box { stroke: ${stroke}; stroke-dasharray: ${dash}; stroke-width: ${width}; }
${s} .rx-${tone} > .rx-box-label text { fill: ${stroke}; }`;
  const groups = GROUP_DASHES.map((dash, i) =>
    box(`group-${i + 1}`, p[`group${i + 1}` as keyof DiagramPalette], dash, i === 3 ? 4 : 2),
  );
  return `
${s} { background: ${p.background}; }
${s} path { stroke-width: 2; stroke: ${p.line}; fill: none; }
${s} text { font: 600 14px ${p.font}; fill: ${p.text}; text-anchor: middle; white-space: pre; }
${s} text.comment { font: italic 12px ${p.font}; fill: ${p.muted}; }
${s} rect { stroke-width: 2; stroke: ${p.line}; fill: ${p.background}; }
${s} .rx-literal > rect { fill: ${p.station}; }
${s} .rx-any > text, ${s} .rx-class > text, ${s} .rx-category > text { fill: ${p.class}; }
${s} .rx-anchor > text { fill: ${p.anchor}; }
${s} .rx-backref > text { fill: ${p.backref}; }
${s} .rx-flags > text { fill: ${p.flags}; }
${s} .rx-loop-label text { fill: ${p.quantifier}; }
${s} .rx-box-label text { font-style: normal; font-weight: 600; }
${s} rect.group-box { fill: none; stroke: ${p.muted}; stroke-dasharray: 6 4; }
${box('noncapture', p.muted, '6 4')}
${box('atomic', p.quantifier, 'none', 3)}
${box('lookahead', p.lookaround, '2 3')}
${box('lookbehind', p.lookaround, '2 3')}
${box('negativeLookahead', p.lookaround, '8 3 2 3')}
${box('negativeLookbehind', p.lookaround, '8 3 2 3')}
${box('scopedFlags', p.flags, '8 4')}
${box('conditional', p.backref, '10 4')}
${groups.join('\n')}
${s} [data-link] { cursor: pointer; }
${s} .rx-pointed > rect { stroke: ${p.pointed}; stroke-width: 4; }
${s} .rx-pointed > rect:not(.group-box) { fill: ${p.pointedFill}; }
${s} .rx-pointed > path { stroke: ${p.pointed}; }
`;
}
