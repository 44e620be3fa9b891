/**
 * The parts of the browser SessionKeeper uses (the URL fragment, the clipboard, page lifecycle
 * events, toasts), as one small interface with the real implementation here; tests pass a fake.
 * Plain browser APIs only: no state, no Svelte.
 */
import { toast } from './toasts.svelte';

/** What the keeper needs of the browser. */
export interface KeeperEnvironment {
  /** The current URL fragment, with its '#' ('' for none). */
  hash(): string;
  /** Replaces the fragment without a new history entry ('' removes it) and without hashchange. */
  replaceHash(fragment: string): void;
  /** The page's full URL. */
  href(): string;
  /** Puts text on the clipboard; rejects when the browser refuses. */
  copy(text: string): Promise<void>;
  /** Listens to a window event; returns the remover. */
  on(type: 'hashchange' | 'pagehide' | 'visibilitychange', listener: () => void): () => void;
  /** Whether the page is hidden (visibilityState). */
  hidden(): boolean;
  /** Shows a toast. */
  toast(message: string): void;
}

export function browserKeeperEnvironment(): KeeperEnvironment {
  return {
    hash: () => location.hash,
    replaceHash: (fragment) => {
      const url = new URL(location.href);
      url.hash = fragment;
      history.replaceState(history.state, '', url.href);
    },
    href: () => location.href,
    copy: (text) => navigator.clipboard.writeText(text),
    on: (type, listener) => {
      const target = type === 'visibilitychange' ? document : window;
      target.addEventListener(type, listener);
      return () => target.removeEventListener(type, listener);
    },
    hidden: () => document.visibilityState === 'hidden',
    toast: (message) => toast(message),
  };
}
