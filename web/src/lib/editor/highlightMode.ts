/**
 * Whether match highlights are drawn with the CSS Custom Highlight API or as CodeMirror
 * decorations. The API paints ranges of the text without touching the DOM, so a keystroke over a
 * line with thousands of matches re-lays out nothing; decorations wrap every match in an element.
 *
 * Checked here (2026-12, e2e harness): Chromium 156 and Firefox ESR 153 draw everything the
 * highlights need (background, underline style, colour, thickness and offset from the theme's
 * custom properties). WebKitGTK 2.50 has the API but draws a highlight's underline only at its
 * default offset (text-underline-offset is ignored, a larger one not drawn at all), so nested
 * groups' lines would fall on each other: WebKit keeps the decorations. Where the API is missing,
 * decorations too. `localStorage['pyregex:highlights']` = 'api' or 'decorations' overrides the
 * choice (the end-to-end tests use it to check both paths in every engine).
 */
import type { HighlightMode } from './matchDecorations';

export const HIGHLIGHT_MODE_KEY = 'pyregex:highlights';

export interface HighlightEnvironment {
  /** `CSS.highlights` and `Highlight` exist. */
  hasApi: boolean;
  userAgent: string;
  /** The stored override, if any. */
  override: string | null;
}

/** WebKit proper (Safari, WebKitGTK), not the Blink browsers that still say "AppleWebKit". */
function isWebKit(userAgent: string): boolean {
  return /AppleWebKit/.test(userAgent) && !/Chrome\/|Chromium\/|Edg\//.test(userAgent);
}

/** The mode for an environment. Pure. */
export function chooseHighlightMode(environment: HighlightEnvironment): HighlightMode {
  if (!environment.hasApi) return 'decorations';
  if (environment.override === 'api' || environment.override === 'decorations')
    return environment.override;
  return isWebKit(environment.userAgent) ? 'decorations' : 'api';
}

function storedOverride(): string | null {
  try {
    return globalThis.localStorage?.getItem(HIGHLIGHT_MODE_KEY) ?? null;
  } catch {
    return null; // storage refused (privacy settings): no override
  }
}

let chosen: HighlightMode | null = null;

/** The mode for this page, decided once. */
export function highlightMode(): HighlightMode {
  chosen ??= chooseHighlightMode({
    hasApi:
      typeof CSS !== 'undefined' &&
      'highlights' in CSS &&
      typeof globalThis.Highlight === 'function',
    userAgent: globalThis.navigator?.userAgent ?? '',
    override: storedOverride(),
  });
  return chosen;
}
