/**
 * The test string's match highlighting as one CodeMirror extension: the matches' state and how
 * they are drawn (matchDecorations.ts), pointing at them (matchPointer.ts) and their look
 * (matchTheme.ts).
 */
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { matchesField, matchPlugin, type HighlightMode } from './matchDecorations';
import { interaction, type MatchCallbacks } from './matchPointer';
import { matchTheme } from './matchTheme';

/**
 * Match highlighting with hover and click reporting; feed it `setMatches` and `setMatchFocus`.
 * `mode` (highlightMode.ts decides it for the page) draws with CSS highlights or decorations; the
 * editor says which in its `data-highlights` attribute.
 */
export function matchHighlight(
  callbacks: MatchCallbacks = {},
  mode: HighlightMode = 'decorations',
): Extension {
  return [
    matchesField,
    matchPlugin(mode),
    interaction(callbacks),
    matchTheme,
    EditorView.editorAttributes.of({ 'data-highlights': mode }),
  ];
}
