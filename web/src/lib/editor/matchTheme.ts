/**
 * The look of matches and groups in the test string, from tokens.css: as decorations (classes
 * cm-rx-match, cm-rx-cap, cm-rx-gN, cm-rx-levelN; group variables are set in setup.ts) and as
 * CSS highlights (`::highlight(rx-match-0)`…), the same lines and tints either way.
 */
import { EditorView } from '@codemirror/view';

const levelStyles = [1, 2, 3, 4].map((level) => ({
  [`.cm-rx-level${level}`]: {
    textUnderlineOffset: `calc(2px + ${level} * var(--hl-line-step))`,
  },
}));

const underline = (style: string, color: string, offset: string) => ({
  textDecorationLine: 'underline',
  textDecorationStyle: style,
  textDecorationColor: color,
  textDecorationThickness: 'var(--hl-line-thickness)',
  textUnderlineOffset: offset,
  textDecorationSkipInk: 'none',
});

/**
 * A whole match as an element: tinted, underlined, and a thin edge where it starts, so adjacent
 * ones ("aaa" by 'a') can be told apart. The output's replaced parts look the same.
 */
export const MATCH_MARK = {
  backgroundColor: 'var(--color-match-bg)',
  ...underline('var(--match-line-style)', 'var(--color-match-line)', '2px'),
  boxShadow: 'inset 1px 0 0 var(--color-match-line)',
};

/**
 * The CSS highlights' look, the same as the decorations' below. A highlight has no box, so
 * adjacent whole matches ("aaa" by 'a') alternate between two tints instead of an edge line; a
 * group's variables come from tokens.css directly (no element carries cm-rx-gN).
 */
const highlightStyles = {
  '::highlight(rx-match-0)': {
    backgroundColor: 'var(--color-match-bg)',
    ...underline('var(--match-line-style)', 'var(--color-match-line)', '2px'),
  },
  '::highlight(rx-match-1)': {
    backgroundColor: 'color-mix(in srgb, var(--color-match-bg) 55%, transparent)',
    ...underline('var(--match-line-style)', 'var(--color-match-line)', '2px'),
  },
  ...Object.assign(
    {},
    ...[1, 2, 3, 4, 5].flatMap((n) =>
      [1, 2, 3, 4].map((level) => ({
        [`::highlight(rx-g${n}-l${level})`]: {
          backgroundColor: `var(--color-group-${n}-bg)`,
          ...underline(
            `var(--group-${n}-line-style)`,
            `var(--color-group-${n}-line)`,
            `calc(2px + ${level} * var(--hl-line-step))`,
          ),
        },
      })),
    ),
  ),
};

/** The look of matches and groups, from tokens.css (group variables are set in setup.ts). */
export const matchTheme = EditorView.theme({
  ...highlightStyles,
  '.cm-scroller': { lineHeight: '2' },
  '.cm-rx-match': MATCH_MARK,
  '.cm-rx-cap': {
    backgroundColor: 'var(--rx-group-bg)',
    textDecorationLine: 'underline',
    textDecorationStyle: 'var(--rx-group-style)',
    textDecorationColor: 'var(--rx-group-line)',
    textDecorationThickness: 'var(--hl-line-thickness)',
    textDecorationSkipInk: 'none',
  },
  ...Object.assign({}, ...levelStyles),
  '.cm-rx-match-active': {
    outline: 'var(--hl-line-thickness) solid var(--color-match-line)',
    outlineOffset: '1px',
  },
  '.cm-rx-cap-active': {
    outline: '1px solid var(--rx-group-line)',
  },
  '.cm-rx-picked': {
    outline: 'var(--hl-line-thickness) solid var(--rx-group-line, var(--color-match-line))',
    outlineOffset: '2px',
  },
  '.cm-rx-empty.cm-rx-cap': {
    borderLeft: 'var(--hl-line-thickness) var(--rx-group-border-style) var(--rx-group-line)',
  },
  '.cm-rx-empty.cm-rx-cap::before': { borderTopColor: 'var(--rx-group-line)' },
  '.cm-rx-eol': {
    color: 'var(--color-text-muted)',
    padding: '0 0.15em',
  },
});
