/** Which browsers get CSS highlights, and the stored override the end-to-end tests use. */
import { describe, expect, it } from 'vitest';
import { highlightPriority } from './cssHighlights';
import { chooseHighlightMode } from './highlightMode';

const CHROMIUM =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0';
const WEBKIT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15';

describe('chooseHighlightMode', () => {
  it('draws with CSS highlights in Chromium and Firefox, decorations in WebKit', () => {
    const mode = (userAgent: string) =>
      chooseHighlightMode({ hasApi: true, userAgent, override: null });
    expect(mode(CHROMIUM)).toBe('api');
    expect(mode(FIREFOX)).toBe('api');
    expect(mode(WEBKIT)).toBe('decorations');
  });

  it('uses decorations where the API is missing, whatever is stored', () => {
    expect(chooseHighlightMode({ hasApi: false, userAgent: CHROMIUM, override: 'api' })).toBe(
      'decorations',
    );
  });

  it('takes a stored override, and ignores one it does not know', () => {
    const choose = (override: string, userAgent = CHROMIUM) =>
      chooseHighlightMode({ hasApi: true, userAgent, override });
    expect(choose('decorations')).toBe('decorations');
    expect(choose('api', WEBKIT)).toBe('api');
    expect(choose('fancy')).toBe('api');
  });
});

describe('highlightPriority', () => {
  it('puts whole matches under groups, and deeper groups over shallower ones', () => {
    expect(highlightPriority('rx-match-1')).toBe(0);
    expect(highlightPriority('rx-g3-l1')).toBe(1);
    expect(highlightPriority('rx-g3-l4')).toBe(4);
  });
});
