/**
 * The colour theme: the user's preference ('system' | 'light' | 'dark'), remembered in
 * localStorage, resolved against `prefers-color-scheme` (followed live while 'system'), and applied
 * as `data-theme="light|dark"` on the root element, which tokens.css keys its palettes on.
 *
 * Its only side effects are that attribute, one storage key and one media-query listener, all
 * injected so it runs in tests without a DOM. It must never throw for want of storage or
 * matchMedia: without them it still themes, it just forgets on reload or assumes light.
 */
import { browserLocalStorage, openStorage, type StorageGetter } from '../state/storage';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'pyregex:theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The part of MediaQueryList the theme uses. */
export interface MediaQueryListLike {
  readonly matches: boolean;
  addEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
  removeEventListener(type: 'change', listener: (event: { matches: boolean }) => void): void;
}

export interface ThemeEnvironment {
  /** Receives `data-theme`; normally document.documentElement. */
  root: { setAttribute(name: string, value: string): void } | null;
  matchMedia: ((query: string) => MediaQueryListLike) | null;
  storage: StorageGetter;
}

/** The real browser's document, matchMedia and localStorage (each null where absent). */
export function browserThemeEnvironment(): ThemeEnvironment {
  return {
    root: typeof document === 'undefined' ? null : document.documentElement,
    matchMedia: typeof matchMedia === 'function' ? (query) => matchMedia(query) : null,
    storage: browserLocalStorage,
  };
}

/** The toggle's order: system → light → dark → system. */
export function nextPreference(preference: ThemePreference): ThemePreference {
  const index = THEME_PREFERENCES.indexOf(preference);
  return THEME_PREFERENCES[(index + 1) % THEME_PREFERENCES.length] ?? 'system';
}

export function isThemePreference(value: unknown): value is ThemePreference {
  return (THEME_PREFERENCES as readonly unknown[]).includes(value);
}

export class ThemeController {
  #preference = $state<ThemePreference>('system');
  #systemDark = $state(false);
  #remembered = $state(false);
  readonly #root: ThemeEnvironment['root'];
  #storage: Storage | null;
  #media: MediaQueryListLike | null = null;
  readonly #onSystemChange = (event: { matches: boolean }): void => {
    this.#systemDark = event.matches;
    this.#apply();
  };

  constructor(environment: ThemeEnvironment = browserThemeEnvironment()) {
    this.#root = environment.root;
    const opened = openStorage(environment.storage);
    this.#storage = opened.storage;
    this.#remembered = opened.storage !== null;
    this.#preference = this.#readStored();
    try {
      this.#media = environment.matchMedia?.(DARK_QUERY) ?? null;
      this.#systemDark = this.#media?.matches ?? false;
      this.#media?.addEventListener('change', this.#onSystemChange);
    } catch {
      this.#media = null;
    }
    this.#apply();
  }

  /** What the user chose. */
  get preference(): ThemePreference {
    return this.#preference;
  }

  set preference(value: ThemePreference) {
    if (!isThemePreference(value)) return;
    this.#preference = value;
    this.#write(value);
    this.#apply();
  }

  /** The theme in effect: the preference, or the system's scheme while it is 'system'. */
  get theme(): Theme {
    if (this.#preference === 'system') return this.#systemDark ? 'dark' : 'light';
    return this.#preference;
  }

  /** Whether the choice survives a reload (false when storage is unavailable). */
  get remembered(): boolean {
    return this.#remembered;
  }

  /** A name for the toggle button saying the current state, e.g. "Theme: system (dark)". */
  get label(): string {
    return this.#preference === 'system'
      ? `Theme: system (${this.theme})`
      : `Theme: ${this.#preference}`;
  }

  /** Moves to the next preference (system → light → dark → system) and returns it. */
  cycle(): ThemePreference {
    this.preference = nextPreference(this.#preference);
    return this.#preference;
  }

  /** Stops following the system setting (for tests and hot reload). */
  dispose(): void {
    try {
      this.#media?.removeEventListener('change', this.#onSystemChange);
    } catch {
      // Nothing to undo if the listener could not be removed.
    }
    this.#media = null;
  }

  #apply(): void {
    try {
      this.#root?.setAttribute('data-theme', this.theme);
    } catch {
      // A root that refuses the attribute leaves the CSS media-query fallback in charge.
    }
  }

  #readStored(): ThemePreference {
    try {
      const stored = this.#storage?.getItem(THEME_STORAGE_KEY);
      return isThemePreference(stored) ? stored : 'system';
    } catch {
      this.#forget();
      return 'system';
    }
  }

  #write(value: ThemePreference): void {
    try {
      // 'system' is the default, so it is stored as the absence of a choice.
      if (value === 'system') this.#storage?.removeItem(THEME_STORAGE_KEY);
      else this.#storage?.setItem(THEME_STORAGE_KEY, value);
    } catch {
      this.#forget();
    }
  }

  #forget(): void {
    this.#storage = null;
    this.#remembered = false;
  }
}
