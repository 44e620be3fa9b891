/**
 * Keeps an editor's text exactly as the user gave it. CodeMirror normally splits a document on
 * `\r\n`, `\r` and `\n` and joins it with `\n`, which would turn CRLF into LF and a lone `\r` into a
 * line break — and `$`, `\Z` and `\r` match differently on those. With `\n` as the only line
 * separator, `\r` stays an ordinary character of its line and the text round-trips unchanged.
 *
 * Also: the smallest single edit that turns one text into another, so a value set from outside (a
 * permalink) replaces only what differs and the cursor and decorations keep their place.
 * No DOM access here: everything works on an EditorState in Node.
 */
import { EditorState, type ChangeSpec, type Extension, type Text } from '@codemirror/state';

/** The only line separator: `\r` is a character like any other. */
export const LINE_SEPARATOR = '\n';

/** The extension every editor of the page uses so its text is kept exactly. */
export const exactText: Extension = EditorState.lineSeparator.of(LINE_SEPARATOR);

/**
 * Each document's string, made once: the page reads it after an edit (to report it), again when
 * the value comes back and when the result for it arrives. A document never changes (an edit makes
 * a new one), and a megabyte of text takes milliseconds to join.
 */
const textOfDoc = new WeakMap<Text, string>();

/**
 * The document as one string, exactly (its lines joined with the one separator). Joined from the
 * array of its lines in one go: `sliceString` adds line after line, which leaves a rope of a
 * million pieces for a 10 MB text, flattened later at a high price (as the text is posted to the
 * worker, about 200 ms and much garbage for 10 MB).
 */
export function docText(doc: Text): string {
  let text = textOfDoc.get(doc);
  if (text === undefined) {
    text = doc.toJSON().join(LINE_SEPARATOR);
    textOfDoc.set(doc, text);
  }
  return text;
}

/**
 * Tells docText the string of a document built by an edit whose result is known already (a huge
 * paste: the text before it with the pasted text in place), so it is not joined again.
 */
export function rememberDocText(doc: Text, text: string): void {
  if (text.length === doc.length) textOfDoc.set(doc, text);
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The one replacement `{from, to, insert}` that turns `before` into `after` (common prefix and
 * suffix kept), or null when they are equal. It never cuts a surrogate pair in two.
 */
export function textChange(
  before: string,
  after: string,
): { from: number; to: number; insert: string } | null {
  if (before === after) return null;
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Don't end the kept prefix between the two halves of a pair.
  if (prefix > 0 && prefix < shorter && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = shorter - prefix;
  while (
    suffix < maxSuffix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && suffix < maxSuffix && isLowSurrogate(before.charCodeAt(before.length - suffix)))
    suffix--;
  return {
    from: prefix,
    to: before.length - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** The change spec that turns `state`'s document into `value`, or null when it already is. */
export function changeTo(state: EditorState, value: string): ChangeSpec | null {
  return textChange(docText(state.doc), value);
}
