/**
 * Which of the page's collapsible panels (the railroad diagram, the reference) are open, remembered
 * in localStorage so a reload keeps the page as the reader arranged it. Storage that is missing or
 * refuses writes only makes it forget: a panel still opens and closes.
 */
import { browserLocalStorage, openStorage, type StorageGetter } from '../state/storage';

export type PanelName = 'diagram' | 'reference';

export const PANELS_STORAGE_KEY = 'pyregex:panels';

/**
 * How a panel starts on a first visit: the diagram shows the pattern at once; the reference (96
 * entries) waits behind its heading until asked for.
 */
const OPEN_AT_FIRST: Readonly<Record<PanelName, boolean>> = { diagram: true, reference: false };

export class PanelMemory {
  #open = $state<Record<PanelName, boolean>>({ ...OPEN_AT_FIRST });
  readonly #storage: Storage | null;

  constructor(getStorage: StorageGetter = browserLocalStorage) {
    this.#storage = openStorage(getStorage).storage;
    const saved = this.#read();
    for (const name of Object.keys(OPEN_AT_FIRST) as PanelName[]) {
      if (typeof saved[name] === 'boolean') this.#open[name] = saved[name];
    }
  }

  isOpen(name: PanelName): boolean {
    return this.#open[name];
  }

  setOpen(name: PanelName, open: boolean): void {
    this.#open[name] = open;
    try {
      this.#storage?.setItem(PANELS_STORAGE_KEY, JSON.stringify(this.#open));
    } catch {
      // Full or refused: the panel still opens and closes, it is just not remembered.
    }
  }

  #read(): Partial<Record<string, unknown>> {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(PANELS_STORAGE_KEY) ?? '{}');
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
}
