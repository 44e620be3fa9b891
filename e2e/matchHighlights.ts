/**
 * Reads the match highlights of an editor however the page draws them: as CSS highlights
 * (`CSS.highlights` ranges named rx-match-0/1, the default where the browser draws them) or as
 * decorations (elements with cm-rx-match), the hovered or selected match always being an element.
 * Specs assert on what a user sees (each whole match's text, in order, and which is active or
 * selected), so the same assertions check both paths; `forceHighlightMode` picks one for a page.
 */
import type { Locator, Page } from '@playwright/test';

export type HighlightMode = 'api' | 'decorations';

/** One whole match as shown: its text (control characters as their badges) and its classes. */
export interface ShownMatch {
  text: string;
  /** The element's classes, or "highlight rx-match-N" for a CSS highlight range. */
  classes: string;
  /** Where it is on screen (the first box of a match that wraps). */
  box: { x: number; y: number; width: number; height: number };
}

/** Makes every later load of `page` draw matches with `mode` (localStorage, before any script). */
export async function forceHighlightMode(page: Page, mode: HighlightMode): Promise<void> {
  await page.addInitScript((chosen) => {
    // Also runs in about:blank, where Firefox refuses storage: only the page's own origin counts.
    if (location.protocol.startsWith('http')) localStorage.setItem('pyregex:highlights', chosen);
  }, mode);
}

/** The mode the editor draws its matches with (its `data-highlights` attribute). */
export async function highlightModeOf(editor: Locator): Promise<string | null> {
  return editor.evaluate(
    (node) => node.closest('.cm-editor')?.getAttribute('data-highlights') ?? null,
  );
}

/** The whole matches (not their groups) shown in `editor`, in document order. */
export async function shownMatches(editor: Locator): Promise<ShownMatch[]> {
  return shown(editor, 'matches');
}

/** The groups shown in `editor` (every match's, nested ones too), in document order. */
export async function shownGroups(editor: Locator): Promise<ShownMatch[]> {
  return shown(editor, 'groups');
}

async function shown(editor: Locator, what: 'matches' | 'groups'): Promise<ShownMatch[]> {
  return editor.evaluate((root, kind) => {
    const selector =
      kind === 'matches'
        ? '.cm-rx-match[data-match]:not([data-group])'
        : '.cm-rx-cap[data-group]:not(.cm-rx-empty)';
    const found: { range: Range; text: string; classes: string }[] = [];
    for (const element of root.querySelectorAll(selector)) {
      const range = document.createRange();
      range.selectNode(element);
      found.push({ range, text: element.textContent ?? '', classes: element.className });
    }
    const registry = (globalThis.CSS as { highlights?: HighlightRegistry }).highlights;
    for (const [name, highlight] of registry ?? []) {
      const wanted = kind === 'matches' ? /^rx-match-\d$/ : /^rx-g\d-l\d$/;
      if (!wanted.test(name)) continue;
      for (const range of highlight) {
        if (!root.contains(range.startContainer)) continue;
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        found.push({ range: live, text: live.toString(), classes: `highlight ${name}` });
      }
    }
    // Document order; of two starting together, the longer (outer) first.
    found.sort(
      (a, b) =>
        a.range.compareBoundaryPoints(Range.START_TO_START, b.range) ||
        b.range.compareBoundaryPoints(Range.END_TO_END, a.range),
    );
    return found.map(({ range, text, classes }) => {
      const rect = range.getClientRects()[0] ?? range.getBoundingClientRect();
      return {
        text,
        classes,
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      };
    });
  }, what);
}

/** The texts of the whole matches shown in `editor`, in order. */
export async function shownMatchTexts(editor: Locator): Promise<string[]> {
  return (await shownMatches(editor)).map((match) => match.text);
}

/** Moves the mouse over the middle of the `n`th shown match (0-based), or clicks it. */
export async function pointAtMatch(
  page: Page,
  editor: Locator,
  n: number,
  action: 'hover' | 'click' = 'hover',
): Promise<void> {
  const match = (await shownMatches(editor))[n];
  if (match === undefined) throw new Error(`no match #${n} is shown`);
  const x = match.box.x + match.box.width / 2;
  const y = match.box.y + match.box.height / 2;
  if (action === 'click') await page.mouse.click(x, y);
  else await page.mouse.move(x, y);
}

/** Whether the last whole match shown in `editor` starts within the editor's box on screen. */
export async function lastMatchOnScreen(editor: Locator): Promise<boolean> {
  const last = (await shownMatches(editor)).at(-1);
  const box = await editor.boundingBox();
  return last !== undefined && box !== null && last.box.y < box.y + box.height;
}
