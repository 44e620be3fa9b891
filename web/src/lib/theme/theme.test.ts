import { describe, expect, it } from 'vitest';
import { FakeStorage } from '../state/testing';
import {
  DARK_QUERY,
  THEME_STORAGE_KEY,
  ThemeController,
  nextPreference,
  type MediaQueryListLike,
  type ThemeEnvironment,
} from './theme.svelte';

/** A prefers-color-scheme query whose answer the test flips, like the OS setting changing. */
class FakeMediaQuery implements MediaQueryListLike {
  listeners = new Set<(event: { matches: boolean }) => void>();
  constructor(public matches: boolean) {}
  addEventListener(_type: 'change', listener: (event: { matches: boolean }) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'change', listener: (event: { matches: boolean }) => void): void {
    this.listeners.delete(listener);
  }
  set(matches: boolean): void {
    this.matches = matches;
    for (const listener of this.listeners) listener({ matches });
  }
}

class FakeRoot {
  attributes = new Map<string, string>();
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
}

function setup(options: { systemDark?: boolean; storage?: FakeStorage } = {}) {
  const media = new FakeMediaQuery(options.systemDark ?? false);
  const root = new FakeRoot();
  const storage = options.storage ?? new FakeStorage();
  const queries: string[] = [];
  const environment: ThemeEnvironment = {
    root,
    matchMedia: (query) => {
      queries.push(query);
      return media;
    },
    storage: () => storage,
  };
  const theme = new ThemeController(environment);
  return { theme, media, root, storage, queries, environment };
}

describe('nextPreference', () => {
  it('cycles system → light → dark → system', () => {
    expect(nextPreference('system')).toBe('light');
    expect(nextPreference('light')).toBe('dark');
    expect(nextPreference('dark')).toBe('system');
  });
});

describe('ThemeController', () => {
  it('starts on "system", follows the OS scheme and applies it to the root', () => {
    const { theme, root, queries } = setup({ systemDark: true });
    expect(queries).toEqual([DARK_QUERY]);
    expect(theme.preference).toBe('system');
    expect(theme.theme).toBe('dark');
    expect(root.attributes.get('data-theme')).toBe('dark');
    expect(theme.label).toBe('Theme: system (dark)');
  });

  it('follows OS changes while on "system"', () => {
    const { theme, media, root } = setup({ systemDark: false });
    expect(root.attributes.get('data-theme')).toBe('light');
    media.set(true);
    expect(theme.theme).toBe('dark');
    expect(root.attributes.get('data-theme')).toBe('dark');
    media.set(false);
    expect(root.attributes.get('data-theme')).toBe('light');
  });

  it('ignores OS changes while a theme is chosen, and picks them up again on "system"', () => {
    const { theme, media, root } = setup({ systemDark: false });
    theme.preference = 'light';
    media.set(true);
    expect(theme.theme).toBe('light');
    expect(root.attributes.get('data-theme')).toBe('light');
    theme.preference = 'system';
    expect(root.attributes.get('data-theme')).toBe('dark');
  });

  it('cycles through all three preferences, applying each', () => {
    const { theme, root } = setup({ systemDark: true });
    const seen: [string, string | undefined][] = [];
    for (let i = 0; i < 4; i++) {
      const preference = theme.cycle();
      seen.push([preference, root.attributes.get('data-theme')]);
    }
    expect(seen).toEqual([
      ['light', 'light'],
      ['dark', 'dark'],
      ['system', 'dark'],
      ['light', 'light'],
    ]);
  });

  it('remembers the choice across instances; "system" is stored as no choice', () => {
    const storage = new FakeStorage();
    const first = setup({ storage }).theme;
    first.preference = 'dark';
    expect(storage.items.get(THEME_STORAGE_KEY)).toBe('dark');
    const second = setup({ storage, systemDark: false });
    expect(second.theme.preference).toBe('dark');
    expect(second.root.attributes.get('data-theme')).toBe('dark');
    expect(second.theme.label).toBe('Theme: dark');
    second.theme.preference = 'system';
    expect(storage.items.has(THEME_STORAGE_KEY)).toBe(false);
    expect(second.theme.remembered).toBe(true);
  });

  it('ignores a foreign stored value', () => {
    const storage = new FakeStorage();
    storage.items.set(THEME_STORAGE_KEY, '{"mode":"dark"}');
    const { theme } = setup({ storage, systemDark: false });
    expect(theme.preference).toBe('system');
    expect(theme.theme).toBe('light');
  });

  it('ignores an invalid preference', () => {
    const { theme, root } = setup({ systemDark: false });
    theme.preference = 'sepia' as never;
    expect(theme.preference).toBe('system');
    expect(root.attributes.get('data-theme')).toBe('light');
  });

  it('still themes, without remembering, when storage throws on access', () => {
    const theme = new ThemeController({
      root: new FakeRoot(),
      matchMedia: null,
      storage: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    expect(theme.remembered).toBe(false);
    expect(theme.cycle()).toBe('light');
    expect(theme.cycle()).toBe('dark');
    expect(theme.theme).toBe('dark');
  });

  it('stops remembering when a write fails (quota), without throwing', () => {
    const storage = new FakeStorage();
    const { theme, root } = setup({ storage });
    storage.quota = 0;
    expect(() => theme.cycle()).not.toThrow();
    expect(theme.preference).toBe('light');
    expect(root.attributes.get('data-theme')).toBe('light');
    expect(theme.remembered).toBe(false);
    storage.quota = Infinity;
    theme.cycle();
    expect(storage.items.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('survives storage whose reads throw after the probe', () => {
    const storage = new FakeStorage();
    const environment: ThemeEnvironment = {
      root: new FakeRoot(),
      matchMedia: null,
      storage: () => storage,
    };
    storage.failing.add('get');
    const theme = new ThemeController(environment);
    expect(theme.preference).toBe('system');
    expect(theme.remembered).toBe(false);
  });

  it('assumes light without matchMedia, and works without a root element', () => {
    const theme = new ThemeController({ root: null, matchMedia: null, storage: () => null });
    expect(theme.theme).toBe('light');
    theme.cycle();
    expect(theme.theme).toBe('light');
  });

  it('survives a matchMedia that throws', () => {
    const root = new FakeRoot();
    const theme = new ThemeController({
      root,
      matchMedia: () => {
        throw new Error('no media queries here');
      },
      storage: () => null,
    });
    expect(theme.theme).toBe('light');
    expect(root.attributes.get('data-theme')).toBe('light');
  });

  it('stops listening after dispose()', () => {
    const { theme, media } = setup({ systemDark: false });
    expect(media.listeners.size).toBe(1);
    theme.dispose();
    expect(media.listeners.size).toBe(0);
  });
});
