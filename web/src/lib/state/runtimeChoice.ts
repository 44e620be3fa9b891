/**
 * Which CPython version the page boots first, decided before the page mounts (engineStart.ts
 * starts that engine early): the version a permalink carries, else the one chosen last time (local
 * storage), else the default. Links made before versions, and versions this page does not run,
 * open on the default, as the session keeper will open them: the first engine is the one the page
 * ends up using, so no other version is fetched for nothing.
 *
 * It reads only (never writes storage or the URL, never shows a notice: the keeper does that
 * when it opens the same link and the same saved work) and never throws.
 */
import { DEFAULT_RUNTIME, type RuntimeKey } from '../engine/runtimes';
import { decodeFragment } from './permalink';
import { SessionPersistence } from './persistence';
import { browserLocalStorage, type StorageGetter } from './storage';

export interface RuntimeChoiceSources {
  /** The URL fragment (`location.hash`). */
  hash: string;
  /** Where the saved session lives (localStorage). */
  storage: StorageGetter;
}

function browserSources(): RuntimeChoiceSources {
  return { hash: globalThis.location?.hash ?? '', storage: browserLocalStorage };
}

export async function initialRuntimeKey(
  sources: RuntimeChoiceSources = browserSources(),
): Promise<RuntimeKey> {
  try {
    // A readable link replaces the saved work, version included (one without it means 3.14).
    const linked = await decodeFragment(sources.hash);
    if (linked.kind === 'ok') return linked.session.python;
    // No link, or one that cannot be read: the page keeps the saved work.
    const saved = new SessionPersistence({ storage: sources.storage }).load();
    return saved?.python ?? DEFAULT_RUNTIME;
  } catch {
    return DEFAULT_RUNTIME;
  }
}
