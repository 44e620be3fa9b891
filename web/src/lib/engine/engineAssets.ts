/**
 * Where the engine's files live, as absolute URLs for EngineInitOptions: Pyodide's runtime files and
 * the pyregex wheel are served from our own origin under `pyodide/` next to the page (vite.config.ts
 * copies them there in dev, preview and build). It must never point at another origin.
 */

/** The wheel's file name, fixed at build time from .cache/wheel/wheel.json (see vite.config.ts). */
declare const __PYREGEX_WHEEL__: string;

export interface EngineAssetURLs {
  indexURL: string;
  wheelURL: string;
}

/** `baseURI` is the page's document.baseURI (the default) or any URL of the deployed folder. */
export function engineAssetURLs(baseURI: string = document.baseURI): EngineAssetURLs {
  const indexURL = new URL(`${import.meta.env.BASE_URL}pyodide/`, baseURI).href;
  return { indexURL, wheelURL: new URL(__PYREGEX_WHEEL__, indexURL).href };
}
