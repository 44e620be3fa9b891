/**
 * The diagram as a file: an SVG that stands on its own (its stylesheet with the theme's colours of
 * the moment, a background, and the pattern as its <title>), or a PNG drawn from that SVG at twice
 * the size. The PNG goes through a data: URL (the page's Content-Security-Policy allows images only
 * from itself and data:), never through the network.
 */
import { diagramCss, resolvedPalette } from './diagramStyle';

const SVG_NS = 'http://www.w3.org/2000/svg';

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
  style.textContent = `${diagramCss(palette)}\nrect.rx-background { stroke: none; fill: ${palette.background}; }`;
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('class', 'rx-background');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  copy.prepend(title, style, background);
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
