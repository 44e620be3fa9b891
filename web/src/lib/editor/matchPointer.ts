/**
 * Which match or group the pointer is over, for hover and click in the test string. A decorated
 * match (or a marker widget) is an element carrying `data-match`; a match drawn as a CSS highlight
 * has no element, so the character under the pointer is looked up among the matches instead.
 */
import type { EditorState, Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Selection } from '../app/selection';
import { matchesField } from './matchDecorations';
import { spansTouching } from './spanIndex';

/**
 * The match and its innermost group (null: none) over the character at `pos` of the current
 * document, or null when no match covers it. How a pointer finds what it is over when matches
 * are CSS highlights, which have no element to carry `data-match`.
 */
export function matchAt(state: EditorState, pos: number): Selection {
  const { matches, index, mapping } = state.field(matchesField);
  if (matches.length === 0) return null;
  const inverse = mapping?.invertedDesc ?? null;
  const at = inverse ? inverse.mapPos(pos, 1) : pos;
  for (const i of spansTouching(index, at, at + 1)) {
    const match = matches.at(i);
    if (match === undefined) continue;
    const [start, end] = match.span16;
    if (!(start <= at && at < end)) continue;
    let group: number | null = null;
    let width = Infinity;
    for (const candidate of match.groups.slice(1)) {
      const span = candidate.span16;
      if (span === null || !(span[0] <= at && at < span[1])) continue;
      // The innermost: the narrowest, and of equal ones the later (deeper) group.
      if (span[1] - span[0] <= width) {
        width = span[1] - span[0];
        group = candidate.index;
      }
    }
    return { match: i, group };
  }
  return null;
}

/**
 * The match or group under a pointer event, or null: the element it is over (a decorated match,
 * or a marker widget) carries `data-match`; text painted by a CSS highlight has no element of its
 * own, so there the character under the pointer is looked up.
 */
export function pointedAt(view: EditorView, event: MouseEvent): Selection {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  const element = target.closest('[data-match]');
  if (element !== null && view.contentDOM.contains(element)) {
    const match = Number(element.getAttribute('data-match'));
    const group = element.getAttribute('data-group');
    if (!Number.isInteger(match)) return null;
    return { match, group: group === null ? null : Number(group) };
  }
  if (!view.contentDOM.contains(target)) return null;
  return matchAtPointer(view, event.clientX, event.clientY);
}

/** The match over the character at the screen point (x, y) of `view`, or null. */
function matchAtPointer(view: EditorView, x: number, y: number): Selection {
  const found = view.posAndSideAtCoords({ x, y });
  if (found === null) return null;
  // The character on the side of the position the point is on, if the point is really over it.
  const char = found.assoc < 0 ? found.pos - 1 : found.pos;
  if (char < 0 || char >= view.state.doc.length) return null;
  const box = view.coordsForChar(char);
  if (box === null || x < box.left || x > box.right || y < box.top || y > box.bottom) return null;
  return matchAt(view.state, char);
}

export interface MatchCallbacks {
  onhover?: (selection: Selection) => void;
  onselect?: (selection: Selection) => void;
}

/** Reports the match or group hovered (on change only) and clicked. */
export function interaction(callbacks: MatchCallbacks): Extension {
  let last: Selection = null;
  const hover = (next: Selection) => {
    const same =
      next === last ||
      (next !== null && last !== null && next.match === last.match && next.group === last.group);
    if (same) return;
    last = next;
    callbacks.onhover?.(next);
  };
  return EditorView.domEventHandlers({
    mousemove(event, view) {
      hover(pointedAt(view, event));
    },
    mouseleave() {
      hover(null);
    },
    click(event, view) {
      const pointed = pointedAt(view, event);
      if (pointed !== null) callbacks.onselect?.(pointed);
    },
  });
}
