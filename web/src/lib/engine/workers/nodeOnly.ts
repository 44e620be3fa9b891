/**
 * Stands in for `node-fetch` in the browser bundle: Pyodide 0.25's loader (CPython 3.11) imports it
 * only when it runs in Node, a branch the engine worker never takes, and the package is not
 * installed. vite.config.ts aliases the name to this module so the worker bundle builds.
 */
export default undefined;
