import { describe, expect, it } from 'vitest';
import { encodeSession } from './permalink';
import { STORAGE_KEY } from './persistence';
import { initialRuntimeKey } from './runtimeChoice';
import { DEFAULT_SESSION, type Session } from './session';
import { FakeStorage } from './testing';

/** Local storage holding a session saved on `python` (as SessionPersistence writes it). */
function savedOn(python: unknown): FakeStorage {
  const storage = new FakeStorage();
  const session = { ...DEFAULT_SESSION, python };
  storage.setItem(STORAGE_KEY, JSON.stringify({ app: 'pyregex', version: 1, session }));
  return storage;
}

async function linkOn(python: unknown): Promise<string> {
  return encodeSession({ ...DEFAULT_SESSION, python } as Session);
}

/** A link as the page wrote it before sessions had a version. */
async function linkBeforeVersions(): Promise<string> {
  const old: Partial<Session> = { ...DEFAULT_SESSION, pattern: 'old' };
  delete old.python;
  return encodeSession(old as Session);
}

describe('initialRuntimeKey', () => {
  it('is the default, 3.14, with no link and nothing saved', async () => {
    expect(await initialRuntimeKey({ hash: '', storage: () => new FakeStorage() })).toBe('3.14');
  });

  it('is the saved version when there is no link', async () => {
    expect(await initialRuntimeKey({ hash: '', storage: () => savedOn('3.12') })).toBe('3.12');
  });

  it("is the link's version before the saved one", async () => {
    const hash = await linkOn('3.13');
    expect(await initialRuntimeKey({ hash, storage: () => savedOn('3.12') })).toBe('3.13');
  });

  it('is 3.14 for a link made before versions, whatever was saved', async () => {
    const hash = await linkBeforeVersions();
    expect(await initialRuntimeKey({ hash, storage: () => savedOn('3.12') })).toBe('3.14');
  });

  it('is 3.14 for a link naming a version this page does not run', async () => {
    const hash = await linkOn('3.9');
    expect(await initialRuntimeKey({ hash, storage: () => savedOn('3.12') })).toBe('3.14');
  });

  it('is the saved version when the link cannot be read (the page keeps the saved work)', async () => {
    const storage = () => savedOn('3.11');
    expect(await initialRuntimeKey({ hash: '#v1=!!', storage })).toBe('3.11');
    expect(await initialRuntimeKey({ hash: '#not-a-link', storage })).toBe('3.11');
  });

  it('is 3.14 when the saved version is unknown, or storage is unusable', async () => {
    expect(await initialRuntimeKey({ hash: '', storage: () => savedOn('2.7') })).toBe('3.14');
    expect(await initialRuntimeKey({ hash: '', storage: () => savedOn(null) })).toBe('3.14');
    const blocked = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    expect(await initialRuntimeKey({ hash: '', storage: blocked })).toBe('3.14');
  });

  it('writes nothing but the storage probe', async () => {
    const storage = savedOn('3.15');
    const before = storage.items.get(STORAGE_KEY);
    expect(await initialRuntimeKey({ hash: '', storage: () => storage })).toBe('3.15');
    expect(storage.items.get(STORAGE_KEY)).toBe(before);
    expect([...storage.items.keys()]).toEqual([STORAGE_KEY]);
  });
});
