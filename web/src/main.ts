/**
 * The page's entry, kept tiny: it asks for the engine's start (engineStart.ts, about 90 kB) and
 * for the page itself (mountPage.ts, about 590 kB) at once, as two chunks. The engine's, much
 * smaller, is parsed and run first, so its worker is made before the page's code has even been
 * parsed; the page then mounts once both are in (mountPage imports engineStart, and waits for it).
 * In one bundle, the worker waited for all of it to be parsed: Firefox ESR made it about 45 ms
 * later, and a warm visit's first result came about 60 ms later (docs/benchmarks.md).
 */
// The page's global styles stay in the HTML's own stylesheet, which the first paint waits for (the
// "Loading pyregex…" line and a dark page's background); each component's come with the page.
import './styles/tokens.css';
import './styles/base.css';
import './lib/app/app.css';

void import('./engineStart').catch(() => {}); // a failure shows below, as the page's own
import('./mountPage').catch((error: unknown) => {
  const target = document.getElementById('app');
  const line = document.createElement('p');
  line.className = 'boot';
  line.textContent = `The page could not load (${String(error)}). Reload to try again.`;
  target?.replaceChildren(line);
});
