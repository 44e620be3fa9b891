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
  it('opens both panels on a first visit', () => {
    const panels = new PanelMemory(() => memoryStorage());
    expect(panels.isOpen('diagram')).toBe(true);
    expect(panels.isOpen('reference')).toBe(true);
  });

  it('remembers a closed panel across page loads', () => {
    const storage = memoryStorage();
    new PanelMemory(() => storage).setOpen('diagram', false);
    const reloaded = new PanelMemory(() => storage);
    expect(reloaded.isOpen('diagram')).toBe(false);
    expect(reloaded.isOpen('reference')).toBe(true);
  });

  it('ignores a saved value that is not a boolean, or not JSON', () => {
    const odd = memoryStorage({ [PANELS_STORAGE_KEY]: '{"diagram":"no","reference":false}' });
    expect(new PanelMemory(() => odd).isOpen('diagram')).toBe(true);
    expect(new PanelMemory(() => odd).isOpen('reference')).toBe(false);
    const broken = memoryStorage({ [PANELS_STORAGE_KEY]: '{not json' });
    expect(new PanelMemory(() => broken).isOpen('diagram')).toBe(true);
  });

  it('still opens and closes without storage, or when writes are refused', () => {
    const none = new PanelMemory(() => null);
    none.setOpen('reference', false);
    expect(none.isOpen('reference')).toBe(false);
    const refusing = new PanelMemory(() => memoryStorage({}, true));
    refusing.setOpen('diagram', false);
    expect(refusing.isOpen('diagram')).toBe(false);
  });
});
