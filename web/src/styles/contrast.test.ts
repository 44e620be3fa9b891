/**
 * Checks WCAG 2.x AA contrast for every colour pair tokens.css is meant to be used in, in both
 * themes: 4.5:1 for text, 3:1 for UI parts (borders, underlines, focus ring). Translucent tokens are
 * composited over what they sit on, as the browser paints them (source-over in sRGB).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const TEXT = 4.5;
const UI = 3;
const GROUPS = [1, 2, 3, 4, 5] as const;
const SURFACES = ['--color-bg', '--color-panel'] as const;
const SYNTAX = [
  'quantifier',
  'class',
  'escape',
  'anchor',
  'lookaround',
  'backref',
  'flags',
  'comment',
] as const;

// ---- a small parser for tokens.css ------------------------------------------------------------

interface Block {
  prelude: string;
  body: string;
}

/** Top-level `prelude { body }` blocks of a stylesheet (comments removed). */
function blocks(css: string): Block[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const found: Block[] = [];
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) {
        found.push({ prelude: text.slice(start, open).trim(), body: text.slice(open + 1, i) });
        start = i + 1;
      }
      if (depth < 0) throw new Error(`Unbalanced '}' at ${i}`);
    }
  }
  if (depth !== 0) throw new Error('Unbalanced braces in tokens.css');
  return found;
}

function declarations(body: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of body.split(';')) {
    const colon = part.indexOf(':');
    if (colon === -1) {
      if (part.trim() !== '') throw new Error(`Not a declaration: ${part.trim()}`);
      continue;
    }
    map.set(
      part.slice(0, colon).trim(),
      part
        .slice(colon + 1)
        .trim()
        .replace(/\s+/g, ' '),
    );
  }
  return map;
}

function single(list: Block[], prelude: string): Block {
  const matching = list.filter((block) => block.prelude === prelude);
  if (matching.length !== 1)
    throw new Error(`Expected one "${prelude}" block, found ${matching.length}`);
  return matching[0]!;
}

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const top = blocks(css);
const lightDeclarations = declarations(single(top, ':root').body);
const media = single(top, '@media (prefers-color-scheme: dark)');
const darkByMedia = declarations(
  single(blocks(media.body), ":root:not([data-theme='light'])").body,
);
const darkByAttribute = declarations(single(top, ":root[data-theme='dark']").body);

const colourNames = (map: Map<string, string>) =>
  [...map.keys()].filter((name) => name.startsWith('--color-')).sort();

const themes = {
  light: lightDeclarations,
  dark: new Map([...lightDeclarations, ...darkByAttribute]),
};

// ---- colour maths (WCAG 2.x) -------------------------------------------------------------------

type Rgba = [number, number, number, number];

function parseColour(value: string, tokens: Map<string, string>, seen = new Set<string>()): Rgba {
  const reference = /^var\((--[\w-]+)\)$/.exec(value);
  if (reference) {
    const name = reference[1]!;
    if (seen.has(name)) throw new Error(`Circular var(${name})`);
    const target = tokens.get(name);
    if (target === undefined) throw new Error(`Undefined ${name}`);
    return parseColour(target, tokens, new Set([...seen, name]));
  }
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value);
  if (hex) {
    let digits = hex[1]!;
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const channel = (i: number) => parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return [channel(0), channel(1), channel(2), digits.length === 8 ? channel(3) / 255 : 1];
  }
  const rgb =
    /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[/,]\s*([\d.]+)(%?))?\s*\)$/.exec(value);
  if (rgb) {
    const alpha = rgb[4] === undefined ? 1 : Number(rgb[4]) / (rgb[5] === '%' ? 100 : 1);
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), alpha];
  }
  throw new Error(`Cannot parse colour "${value}"`);
}

/** Paints `layers` bottom to top (the first must be opaque) and returns the visible colour. */
function composite(layers: Rgba[]): [number, number, number] {
  const [base, ...rest] = layers;
  if (!base || base[3] !== 1) throw new Error('The bottom layer must be opaque');
  let colour: [number, number, number] = [base[0], base[1], base[2]];
  for (const [r, g, b, a] of rest) {
    colour = [
      r * a + colour[0] * (1 - a),
      g * a + colour[1] * (1 - a),
      b * a + colour[2] * (1 - a),
    ];
  }
  return colour;
}

function luminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// ---- the pairs the palette promises ------------------------------------------------------------

interface Pair {
  /** Foreground token, painted over the top of `under`. */
  fg: string;
  /** Tokens painted bottom to top beneath it (a surface first). */
  under: string[];
  min: number;
}

function pairs(): Pair[] {
  const list: Pair[] = [];
  const add = (fg: string, under: string[], min: number) => list.push({ fg, under, min });
  for (const surface of SURFACES) {
    for (const fg of [
      '--color-text',
      '--color-text-muted',
      '--color-link',
      '--color-action-edge',
      '--color-error',
      '--color-warning',
      '--color-success',
    ]) {
      add(fg, [surface], TEXT);
    }
    add('--color-border-strong', [surface], UI);
    add('--color-action-edge', [surface], UI);
    add('--color-text', [surface, '--color-selection'], TEXT);
    add('--color-text', [surface, '--color-match-bg'], TEXT);
    add('--color-match-line', [surface, '--color-match-bg'], UI);
    for (const kind of SYNTAX) add(`--color-syntax-${kind}`, [surface], TEXT);
    for (const group of GROUPS) {
      const bg = `--color-group-${group}-bg`;
      const line = `--color-group-${group}-line`;
      // A group alone (hovered in the pattern), inside a match, and nested in another group.
      add('--color-text', [surface, bg], TEXT);
      add(line, [surface], UI);
      add(line, [surface, bg], UI);
      // A group's parentheses in the pattern: its line colour as text on its tint.
      add(line, [surface, bg], TEXT);
      add('--color-text', [surface, '--color-match-bg', bg], TEXT);
      add(line, [surface, '--color-match-bg', bg], UI);
      for (const outer of GROUPS) {
        const outerBg = `--color-group-${outer}-bg`;
        add('--color-text', [surface, '--color-match-bg', outerBg, bg], TEXT);
        add(line, [surface, '--color-match-bg', outerBg, bg], UI);
      }
    }
  }
  add('--color-on-accent', ['--color-accent'], TEXT);
  add('--color-on-action', ['--color-action'], TEXT);
  add('--color-on-action', ['--color-action-hover'], TEXT);
  for (const tone of ['error', 'warning', 'success']) {
    add(`--color-${tone}`, [`--color-${tone}-bg`], TEXT);
    add('--color-text', [`--color-${tone}-bg`], TEXT);
    add('--color-text-muted', [`--color-${tone}-bg`], TEXT);
  }
  // Test verdicts (the Tests panel) are each tone's word on its own tint (success added above);
  // on a selected row the reason takes --color-text, checked on the selection tint already.
  return list;
}

/** Colour tokens that need no pair of their own, and why. */
const EXEMPT: Record<string, string> = {
  '--color-border': 'decorative dividers only; control boundaries use --color-border-strong',
  '--color-accent': 'a fill under --color-on-accent or a tint; checked as that pair',
  '--color-action': 'a fill under --color-on-action; checked as that pair',
  '--color-action-hover': 'a fill under --color-on-action; checked as that pair',
  '--color-focus': 'checked by the focus ring test below',
  '--color-focus-halo': 'checked by the focus ring test below',
};

function ratio(theme: Map<string, string>, pair: Pair): number {
  const under = composite(pair.under.map((name) => parseColour(`var(${name})`, theme)));
  const fg = composite([[...under, 1], parseColour(`var(${pair.fg})`, theme)]);
  return contrast(fg, under);
}

// ---- tests -------------------------------------------------------------------------------------

describe('contrast maths', () => {
  it('reproduces the ratios quoted in UI.md', () => {
    const tokens = new Map<string, string>();
    const check = (fg: string, bg: string) =>
      Number(
        ratio(new Map([...tokens, ['--f', fg], ['--b', bg]]), {
          fg: '--f',
          under: ['--b'],
          min: 0,
        }).toFixed(1),
      );
    expect(check('#0B1A20', '#FDA500')).toBe(8.9);
    expect(check('#FDA500', '#FFFFFF')).toBe(2.0);
    expect(check('#0B1A20', '#3FABCC')).toBe(6.7);
    expect(check('#3FABCC', '#0F1417')).toBe(7.0);
    expect(check('#FFFFFF', '#3FABCC')).toBe(2.7);
    expect(check('#0B1A20', '#3F8BA3')).toBe(4.6);
    expect(check('#3F8BA3', '#0F1417')).toBe(4.8);
    expect(check('#27718A', '#FFFFFF')).toBe(5.5);
    expect(check('#5CC0DE', '#0F1417')).toBe(8.9);
  });

  it('composites translucent colours over what is beneath', () => {
    expect(
      composite([
        [255, 255, 255, 1],
        [0, 0, 0, 0.5],
      ]),
    ).toEqual([127.5, 127.5, 127.5]);
    expect(parseColour('rgb(253 165 0 / 35%)', new Map())).toEqual([253, 165, 0, 0.35]);
    expect(parseColour('#fff8', new Map())[3]).toBeCloseTo(0x88 / 255);
  });
});

describe('tokens.css structure', () => {
  it('keeps the two dark palettes identical', () => {
    expect([...darkByMedia]).toEqual([...darkByAttribute]);
  });

  it('redefines every colour token in dark mode', () => {
    expect(colourNames(darkByAttribute)).toEqual(colourNames(lightDeclarations));
  });

  it('sets color-scheme for each theme', () => {
    expect(lightDeclarations.get('color-scheme')).toBe('light');
    expect(darkByAttribute.get('color-scheme')).toBe('dark');
  });

  it('gives each group highlight its own line style', () => {
    const styles = GROUPS.map((group) => lightDeclarations.get(`--group-${group}-line-style`));
    expect(new Set(styles).size).toBe(GROUPS.length);
    expect(styles.every((style) => style !== undefined)).toBe(true);
  });

  it('covers every colour token with a contrast pair or a stated exemption', () => {
    const used = new Set(pairs().flatMap((pair) => [pair.fg, ...pair.under]));
    const unchecked = colourNames(lightDeclarations).filter(
      (name) => !used.has(name) && !(name in EXEMPT),
    );
    expect(unchecked).toEqual([]);
  });

  it('keeps the brand colours from UI.md', () => {
    for (const theme of Object.values(themes)) {
      expect(theme.get('--color-accent')).toBe('#fda500');
      expect(theme.get('--color-action')).toBe('#3fabcc');
      expect(theme.get('--color-action-hover')).toBe('#3f8ba3');
      expect(theme.get('--color-on-action')).toBe('#0b1a20');
      expect(theme.get('--color-on-accent')).toBe('#0b1a20');
    }
    expect(themes.light.get('--color-link')).toBe('#27718a');
    expect(themes.dark.get('--color-link')).toBe('#5cc0de');
  });
});

describe.each(Object.entries(themes))('%s theme meets WCAG AA', (_name, theme) => {
  it('for every text and UI pair', () => {
    const failures = pairs()
      .map((pair) => ({ pair, value: ratio(theme, pair) }))
      .filter(({ pair, value }) => value < pair.min)
      .map(
        ({ pair, value }) =>
          `${pair.fg} on ${pair.under.join(' + ')}: ${value.toFixed(2)} < ${pair.min}`,
      );
    expect(failures).toEqual([]);
  });

  it('for the focus ring (accent, with the halo where the accent alone is too faint)', () => {
    for (const surface of SURFACES) {
      const ring = ratio(theme, { fg: '--color-focus', under: [surface], min: UI });
      if (ring >= UI) continue;
      expect(
        ratio(theme, { fg: '--color-focus-halo', under: [surface], min: UI }),
      ).toBeGreaterThanOrEqual(UI);
      expect(
        ratio(theme, { fg: '--color-focus', under: ['--color-focus-halo'], min: UI }),
      ).toBeGreaterThanOrEqual(UI);
    }
  });
});
