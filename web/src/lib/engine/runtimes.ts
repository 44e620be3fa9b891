/**
 * The CPython versions the page can run, read from runtimes.json (the list the build scripts read
 * too): one Pyodide release per minor version, each shipped in its own folder of our own origin.
 * The default is the only one a first visit downloads; the others are fetched when first chosen.
 */
import table from './runtimes.json' with { type: 'json' };

/** A minor version the page ships, e.g. "3.12". */
export type RuntimeKey = string;

export interface RuntimeInfo {
  /** The minor version, as the picker shows it: "3.12". */
  key: RuntimeKey;
  /** The exact CPython inside, e.g. "3.12.7" or "3.15.0rc1". */
  python: string;
  /** The npm package it comes from (an alias such as "pyodide-3.12", or "pyodide"). */
  package: string;
  /** The Pyodide release. */
  pyodide: string;
  /** A CPython pre-release: the picker says so. */
  prerelease: boolean;
}

export const RUNTIMES: readonly RuntimeInfo[] = table.runtimes;
export const DEFAULT_RUNTIME: RuntimeKey = table.default;

export function runtimeInfo(key: RuntimeKey): RuntimeInfo | undefined {
  return RUNTIMES.find((runtime) => runtime.key === key);
}

/** Whether `key` names a runtime this build ships (links and storage may hold anything). */
export function isRuntimeKey(key: unknown): key is RuntimeKey {
  return typeof key === 'string' && RUNTIMES.some((runtime) => runtime.key === key);
}
