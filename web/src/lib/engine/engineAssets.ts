/**
 * Where each runtime's files live, as absolute URLs for EngineInitOptions: every runtime (one per
 * CPython version, runtimes.ts) has its own folder `pyodide/<key>/` next to the page, holding its
 * Pyodide runtime files, its trimmed standard library and its compiled pyregex wheel (vite.config.ts
 * copies them there in dev, preview and build; a build ships both archives gzipped, see
 * gzippedArchives.ts). It must never point at another origin.
 */
import { DEFAULT_RUNTIME, type RuntimeKey } from './runtimes';

/**
 * The wheel's file name, fixed at build time from .cache/wheel/wheel.json (see vite.config.ts):
 * gzipped (`.whl.gz`) in a build, as pip built it in dev.
 */
declare const __PYREGEX_WHEEL__: string;
/** The standard library's file name: `python_stdlib.zip.gz` in a build, `python_stdlib.zip` in dev. */
declare const __PYREGEX_STDLIB__: string;
/** Every file each runtime's folder holds (its asm is `.js` in older releases, `.mjs` in newer). */
declare const __PYREGEX_RUNTIME_FILES__: Record<string, string[]>;

export interface EngineAssetURLs {
  indexURL: string;
  wheelURL: string;
  stdLibURL: string;
}

/** The folder of one runtime's files, relative to the page: `pyodide/3.12/`. */
export function runtimeFolder(key: RuntimeKey): string {
  return `pyodide/${key}/`;
}

/**
 * The URLs of runtime `key` (the default one when omitted). `baseURI` is the page's
 * document.baseURI (the default) or any URL of the deployed folder.
 */
export function engineAssetURLs(
  key: RuntimeKey = DEFAULT_RUNTIME,
  baseURI: string = document.baseURI,
): EngineAssetURLs {
  const indexURL = new URL(`${import.meta.env.BASE_URL}${runtimeFolder(key)}`, baseURI).href;
  return {
    indexURL,
    wheelURL: new URL(__PYREGEX_WHEEL__, indexURL).href,
    stdLibURL: new URL(__PYREGEX_STDLIB__, indexURL).href,
  };
}

/** Absolute URLs of every file runtime `key` loads (the service worker caches them, sw.ts). */
export function runtimeFileURLs(key: RuntimeKey, baseURI: string = document.baseURI): string[] {
  const { indexURL } = engineAssetURLs(key, baseURI);
  return (__PYREGEX_RUNTIME_FILES__[key] ?? []).map((file) => new URL(file, indexURL).href);
}

/**
 * The URL of runtime `key`'s Pyodide script, the largest one its worker imports
 * (`pyodide.asm.mjs`; `.js` in older releases); null if the build lists none.
 */
export function pyodideScriptURL(
  key: RuntimeKey = DEFAULT_RUNTIME,
  baseURI: string = document.baseURI,
): string | null {
  return runtimeFileURLs(key, baseURI).find((url) => /\/pyodide\.asm\.m?js$/.test(url)) ?? null;
}
