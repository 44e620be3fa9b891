import { describe, expect, it } from 'vitest';
import type { DecorationSet } from '@codemirror/view';
import { debugDecorations } from './debugMarks';

/** Each decoration as [from, to, class], in document order. */
function listed(set: DecorationSet): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  set.between(0, 1e9, (from, to, decoration) => {
    const spec = decoration.spec as { class?: string; widget?: { toDOM(): HTMLElement } };
    out.push([from, to, spec.class ?? (spec.widget ? 'caret' : '?')]);
  });
  return out;
}

describe('debugDecorations', () => {
  it('outlines the construct, marks the part matched so far and puts the caret at the position', () => {
    expect(listed(debugDecorations({ outline: [1, 3] }, 5))).toEqual([
      [1, 3, 'cm-rx-debug-construct'],
    ]);
    expect(listed(debugDecorations({ matched: [2, 4], caret: 4 }, 5))).toEqual([
      [2, 4, 'cm-rx-debug-matched'],
      [4, 4, 'caret'],
    ]);
  });

  it('shows only the caret when nothing is matched yet, also at the very end', () => {
    expect(listed(debugDecorations({ matched: [5, 5], caret: 5 }, 5))).toEqual([[5, 5, 'caret']]);
  });

  it('draws nothing for null or for positions outside the document', () => {
    expect(listed(debugDecorations(null, 5))).toEqual([]);
    expect(listed(debugDecorations({ outline: [3, 9], matched: [-1, 2], caret: 6 }, 5))).toEqual(
      [],
    );
  });

  it("outlines the ReDoS warning's culprit beside the debugger's construct, never outside", () => {
    expect(listed(debugDecorations({ culprit: [0, 5], outline: [1, 3] }, 6))).toEqual([
      [0, 5, 'cm-rx-redos-culprit'],
      [1, 3, 'cm-rx-debug-construct'],
    ]);
    expect(listed(debugDecorations({ culprit: [2, 9] }, 6))).toEqual([]);
  });
});
