/**
 * The diagram as a file: an SVG that stands on its own (its stylesheet with the theme's colours of
 * the moment, a background, and the pattern as its title: the <title> element, and a line of
 * text over the drawing, cut at TITLE_CHARS, so a PNG shows it too), or a PNG drawn from that SVG
 * at twice the size. The PNG goes through a data: URL (the page's Content-Security-Policy allows images only
 * from itself and data:), never through the network.
 */
import { DIAGRAM_CLASS } from './diagramDrawing';
import { diagramCss, resolvedPalette } from './diagramStyle';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The longest title line drawn (the <title> element keeps the whole pattern). */
export const TITLE_CHARS = 120;
/** The title line's height, added above the drawing. */
const TITLE_HEIGHT = 28;

/** `svg` (the diagram on the page) as a standalone SVG document titled with `pattern`. */
export function standaloneSvg(svg: SVGSVGElement, pattern: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  copy.removeAttribute('style');
  for (const pointed of copy.querySelectorAll('.rx-pointed'))
    pointed.classList.remove('rx-pointed');
  copy.querySelector('style')?.remove();
  const palette = resolvedPalette(svg);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = pattern;
  const style = document.createElementNS(SVG_NS, 'style');
  style.textContent = `${diagramCss(palette)}
svg.${DIAGRAM_CLASS} rect.rx-background { stroke: none; fill: ${palette.background}; }
svg.${DIAGRAM_CLASS} text.rx-title { font: 600 13px ${palette.font}; fill: ${palette.text}; text-anchor: start; }`;
  // The drawing moves down a line, under the pattern written out.
  const drawing = document.createElementNS(SVG_NS, 'g');
  drawing.setAttribute('transform', `translate(0 ${TITLE_HEIGHT})`);
  drawing.append(...copy.childNodes);
  const heading = document.createElementNS(SVG_NS, 'text');
  heading.setAttribute('class', 'rx-title');
  heading.setAttribute('x', '12');
  heading.setAttribute('y', '22');
  const chars = [...pattern];
  heading.textContent =
    chars.length > TITLE_CHARS ? `${chars.slice(0, TITLE_CHARS - 1).join('')}…` : pattern;
  const width = Math.max(Number(copy.getAttribute('width')), 24 + heading.textContent.length * 8);
  const height = Number(copy.getAttribute('height')) + TITLE_HEIGHT;
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('class', 'rx-background');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  copy.append(title, style, background, heading, drawing);
  return new XMLSerializer().serializeToString(copy);
}

/** The PNG of a standalone SVG `markup`, `scale` times its size. */
export async function pngOf(markup: string, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * scale);
  canvas.height = Math.ceil(image.naturalHeight * scale);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('this browser cannot draw on a canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob === null ? reject(new Error('the PNG could not be made')) : resolve(blob)),
      'image/png',
    ),
  );
}

/** A file name from the pattern: its word characters, e.g. "pattern-P-year-d-4.svg". */
export function fileNameFor(pattern: string, extension: 'svg' | 'png'): string {
  const words =
    pattern
      .match(/[A-Za-z0-9]+/g)
      ?.join('-')
      .slice(0, 40) ?? '';
  return `pattern${words === '' ? '' : `-${words}`}.${extension}`;
}
