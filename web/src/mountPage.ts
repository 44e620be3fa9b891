/**
 * The page: applies the theme before anything renders (so a dark page never flashes light),
 * mounts App into #app, and in production builds registers the service worker that caches the
 * page for the next visit (lib/offline), says so in the page's notices when a new version takes
 * over and, once it is installed, has the engine's script compiled for the next visit; it starts
 * recording failures for the Diagnostics panel before the page mounts, and hands the page the
 * engines (one per CPython version) of which engineStart.ts started the first before this runs
 * (main.ts calls it). It must do nothing else: no session.
 *
 * It takes the engines as arguments instead of importing engineStart: a module that waits at its
 * top level (engineStart does) and is also imported by a second dynamic import while it waits
 * sometimes never finished in WebKitGTK (the page stayed on "Loading pyregex…").
 */
import { mount } from 'svelte';
import App from './App.svelte';
import type { EnginePool } from './lib/engine/enginePool.svelte';
import type { TransitionRelay } from './lib/engine/transitionRelay';
import { Diagnostics } from './lib/diagnostics/diagnostics.svelte';
import { ErrorReporter } from './lib/diagnostics/errorReporter.svelte';
import { browserReporterEnvironment } from './lib/diagnostics/errorReports';
import { Notices } from './lib/app/notices.svelte';
import { registerServiceWorker } from './lib/offline/register';
import { warmCodeCacheSoon } from './lib/offline/codeCache';
import { pyodideScriptURL } from './lib/engine/engineAssets';
import { ThemeController } from './lib/theme/theme.svelte';

declare const __PYREGEX_ERROR_REPORTS_URL__: string;

/** Mounts the page on the engines engineStart.ts made; returns the mounted App. */
export function mountPage(
  enginePool: EnginePool,
  engineTransitions: TransitionRelay,
): ReturnType<typeof mount> {
  const target = document.getElementById('app');
  if (target === null) throw new Error('index.html has no #app element to mount the page in.');

  // Listening from the start: an error while mounting is a failure the Diagnostics panel must show.
  const diagnostics = new Diagnostics();
  diagnostics.listen(window);
  // Sends nothing unless this build names an endpoint and the user turns reports on.
  const reporter = new ErrorReporter(__PYREGEX_ERROR_REPORTS_URL__, browserReporterEnvironment());

  const theme = new ThemeController();
  // Made here so the service worker below can tell the user about a new version.
  const notices = new Notices();
  // index.html shows a "loading" line until the page is mounted; the page replaces it.
  target.replaceChildren();

  let engineSettled: () => void = () => {};
  const settled = new Promise<void>((resolve) => (engineSettled = resolve));

  const app = mount(App, {
    target,
    props: {
      theme,
      diagnostics,
      reporter,
      notices,
      pool: enginePool,
      transitions: engineTransitions,
      onSettled: () => engineSettled(),
    },
  });
  // Not in `npm run dev`: a cached page there would hide the edits being developed. Registered once
  // the engine's first result is drawn: its downloads are then in the HTTP cache, so precaching them
  // costs only revalidations, and installing competes neither with Pyodide's start-up nor with
  // drawing that result.
  if (import.meta.env.PROD) {
    void settled.then(() =>
      registerServiceWorker(window, {
        onUpdate: (reload) =>
          notices.add(
            'info',
            'A new version of pyregex is ready.',
            [
              'Reload to use it: your pattern, text and settings are kept.',
              'Otherwise the page reloads into it the next time you leave this tab.',
            ],
            { label: 'Reload now', run: reload },
          ),
        // The next visit's engine then starts on Pyodide's script compiled (codeCache.ts).
        onInstalled: () => {
          const script = pyodideScriptURL();
          if (script !== null) void warmCodeCacheSoon([script]);
        },
      }),
    );
  }

  return app;
}
