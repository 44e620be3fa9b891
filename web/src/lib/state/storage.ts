/**
 * Opens Web Storage (localStorage) defensively for the modules that remember things (the session,
 * the theme). Storage can be missing, throw on mere access (blocked cookies, sandboxed frames),
 * refuse writes (private mode, quota) or fail later when full; this module turns each of those into
 * a plain reason string.
 *
 * It must never let a storage exception escape, and never store anything itself beyond a probe key
 * that it removes at once.
 */

/** Returns the Storage to use; may throw (that is the point of passing a function). */
export type StorageGetter = () => Storage | null | undefined;

export type OpenedStorage = { storage: Storage; reason: null } | { storage: null; reason: string };

const PROBE_KEY = 'pyregex:probe';

/** The browser's localStorage, read lazily because the read itself can throw. */
export const browserLocalStorage: StorageGetter = () => globalThis.localStorage;

/** Gets the storage and proves that a write and a removal work, or says why not. */
export function openStorage(getStorage: StorageGetter = browserLocalStorage): OpenedStorage {
  let storage: Storage | null | undefined;
  try {
    storage = getStorage();
  } catch (error) {
    return { storage: null, reason: `this browser blocks local storage (${errorName(error)})` };
  }
  if (storage === null || storage === undefined) {
    return { storage: null, reason: 'this browser offers no local storage' };
  }
  try {
    storage.setItem(PROBE_KEY, '1');
    storage.removeItem(PROBE_KEY);
  } catch (error) {
    return { storage: null, reason: describeStorageError(error) };
  }
  return { storage, reason: null };
}

/** True for the "storage is full" exceptions of every engine (including a zero quota). */
export function isQuotaExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 22 ||
    code === 1014
  );
}

/** A short reason for a failed storage operation, for a status line. */
export function describeStorageError(error: unknown): string {
  if (isQuotaExceeded(error)) return 'local storage is full or disabled in this browser';
  return `local storage is not usable in this browser (${errorName(error)})`;
}

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const name = (error as { name: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return 'error';
}
