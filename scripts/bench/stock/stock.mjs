// The stock page's script (see index.html): loads Pyodide from the copy of the npm package served
// beside it (pyodide/, copied there by scripts/bench/stock.mjs) and runs one `re` call, as a user
// self-hosting Pyodide would. Records, as `window.__stock` and User Timing marks, performance.now()
// (ms since navigation start, the clock the bench reads on pyregex's page too) when loadPyodide
// resolved (ready) and when the call's result was in the DOM (first result).
import { loadPyodide } from './pyodide/pyodide.mjs';

const stock = {};
window.__stock = stock;
const output = document.getElementById('result');

try {
  const pyodide = await loadPyodide({ indexURL: new URL('./pyodide/', import.meta.url).href });
  stock.ready = performance.now();
  performance.mark('stock:ready');
  const span = pyodide.runPython(
    'import re\nstr(re.search(r"(?P<year>\\d{4})-(\\d\\d)", "on 2025-10-07").span())',
  );
  output.textContent = span;
  stock.result = output.textContent;
  stock.firstResult = performance.now();
  performance.mark('stock:first-result');
} catch (error) {
  stock.error = String(error?.stack ?? error);
  output.textContent = `failed: ${error}`;
}
