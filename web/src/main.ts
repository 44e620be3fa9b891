/**
 * The page's entry, kept tiny: it asks for the engine's start (engineStart.ts, about 90 kB) and
 * for the page itself (mountPage.ts, about 590 kB) at once, as two chunks. The engine's, much
 * smaller, is parsed and run first, so its worker is made before the page's code has even been
 * parsed; the page then mounts once both are in and the engine's worker has begun to boot.
 * In one bundle, the worker waited for all of it to be parsed: Firefox ESR made it about 45 ms
 * later, and its warm visit's first result came 25–60 ms later (docs/benchmarks.md); Chromium
 * showed no difference either way.
 */
// The page's global styles stay in the HTML's own stylesheet, which the first paint waits for (the
// "Loading pyregex…" line and a dark page's background); each component's come with the page.
import './styles/tokens.css';
import './styles/base.css';
import './lib/app/app.css';

// Both asked for now, each its own module graph: nothing the page imports waits on engineStart's
// top-level await (see mountPage.ts for why that matters in WebKitGTK).
const engines = import('./engineStart');
const page = import('./mountPage');
Promise.all([engines, page])
  .then(([{ enginePool, engineTransitions }, { mountPage }]) =>
    mountPage(enginePool, engineTransitions),
  )
  .catch((error: unknown) => {
    const target = document.getElementById('app');
    const line = document.createElement('p');
    line.className = 'boot';
    line.textContent = `The page could not load (${String(error)}). Reload to try again.`;
    target?.replaceChildren(line);
  });
