// The core writes pattern fragments in its ReDoS hints between backticks, as in Markdown
// ("make possessive `\w+`: `^(\w++\s?)*$` …"). The page shows them as code, never as markup:
// the text is split into plain and code parts that the template renders as text nodes.

export interface TextPart {
  text: string;
  code: boolean;
}

/** `text` cut at its backticks: every other part (between a pair) is code. An unpaired backtick
 * stays as it is, in the plain part it begins. */
export function codeSpans(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('`');
    const close = open < 0 ? -1 : rest.indexOf('`', open + 1);
    if (close < 0) break;
    if (open > 0) parts.push({ text: rest.slice(0, open), code: false });
    parts.push({ text: rest.slice(open + 1, close), code: true });
    rest = rest.slice(close + 1);
  }
  if (rest !== '') parts.push({ text: rest, code: false });
  return parts;
}
