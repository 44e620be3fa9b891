/**
 * Test double for SessionKeeper's browser: a URL fragment, a clipboard, toasts and window events in
 * memory. Imported only by *.test.ts files, never by the page.
 */
import type { KeeperEnvironment } from './keeperEnvironment';

/** A browser for SessionKeeper: a URL fragment, a clipboard and event listeners in memory. */
export class FakeKeeperEnvironment implements KeeperEnvironment {
  fragment = '';
  clipboard: string[] = [];
  copyFails = false;
  toasts: string[] = [];
  isHidden = false;
  readonly listeners = new Map<string, Set<() => void>>();

  hash(): string {
    return this.fragment;
  }
  replaceHash(fragment: string): void {
    this.fragment = fragment;
  }
  href(): string {
    return `http://127.0.0.1/${this.fragment}`;
  }
  async copy(text: string): Promise<void> {
    if (this.copyFails) throw new DOMException('Document is not focused.', 'NotAllowedError');
    this.clipboard.push(text);
  }
  on(type: string, listener: () => void): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
  hidden(): boolean {
    return this.isHidden;
  }
  toast(message: string): void {
    this.toasts.push(message);
  }
  /** Fires a window event the keeper listens to. */
  fire(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }
}
