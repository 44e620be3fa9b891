import { describe, expect, it } from 'vitest';
import { PANELS_STORAGE_KEY, PanelMemory } from './panelMemory.svelte';

/** A Map-backed Storage, optionally refusing writes (private mode, full quota). */
function memoryStorage(initial: Record<string, string> = {}, refuse = false): Storage {
  const items = new Map(Object.entries(initial));
  let probing = true;
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    removeItem: (key: string) => void items.delete(key),
    setItem: (key: string, value: string) => {
      if (refuse && !probing) throw new DOMException('full', 'QuotaExceededError');
      if (key === 'pyregex:probe') probing = false;
      items.set(key, value);
    },
  };
}

describe('PanelMemory', () => {
  it('opens the diagram and folds the reference on a first visit', () => {
    const panels = new PanelMemory(() => memoryStorage());
    expect(panels.isOpen('diagram')).toBe(true);
    expect(panels.isOpen('reference')).toBe(false);
  });

  it('remembers a closed panel across page loads', () => {
    const storage = memoryStorage();
    const first = new PanelMemory(() => storage);
    first.setOpen('diagram', false);
    first.setOpen('reference', true);
    const reloaded = new PanelMemory(() => storage);
    expect(reloaded.isOpen('diagram')).toBe(false);
    expect(reloaded.isOpen('reference')).toBe(true);
  });

  it('ignores a saved value that is not a boolean, or not JSON', () => {
    const odd = memoryStorage({ [PANELS_STORAGE_KEY]: '{"diagram":"no","reference":true}' });
    expect(new PanelMemory(() => odd).isOpen('diagram')).toBe(true);
    expect(new PanelMemory(() => odd).isOpen('reference')).toBe(true);
    const broken = memoryStorage({ [PANELS_STORAGE_KEY]: '{not json' });
    expect(new PanelMemory(() => broken).isOpen('diagram')).toBe(true);
  });

  it('still opens and closes without storage, or when writes are refused', () => {
    const none = new PanelMemory(() => null);
    none.setOpen('reference', true);
    expect(none.isOpen('reference')).toBe(true);
    const refusing = new PanelMemory(() => memoryStorage({}, true));
    refusing.setOpen('diagram', false);
    expect(refusing.isOpen('diagram')).toBe(false);
  });
});
