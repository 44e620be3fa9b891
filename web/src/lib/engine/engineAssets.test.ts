/** engineAssets: each runtime's files sit in its own folder; its Pyodide script is found by name. */
import { describe, expect, it } from 'vitest';
import { engineAssetURLs, pyodideScriptURL, runtimeFileURLs } from './engineAssets';
import { RUNTIMES } from './runtimes';

const PAGE = 'http://127.0.0.1:4173/';

describe('engineAssets', () => {
  it("names each runtime's Pyodide script, in that runtime's folder", () => {
    // Pyodide 0.25 (3.11) ships its script as pyodide.asm.js, later releases as pyodide.asm.mjs.
    expect(pyodideScriptURL('3.11', PAGE)).toBe(`${PAGE}pyodide/3.11/pyodide.asm.js`);
    expect(pyodideScriptURL('3.14', PAGE)).toBe(`${PAGE}pyodide/3.14/pyodide.asm.mjs`);
    for (const { key } of RUNTIMES) {
      const script = pyodideScriptURL(key, PAGE);
      expect(runtimeFileURLs(key, PAGE)).toContain(script);
      expect(script?.startsWith(engineAssetURLs(key, PAGE).indexURL)).toBe(true);
    }
  });
});
