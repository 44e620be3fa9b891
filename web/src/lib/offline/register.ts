/**
 * Registers the service worker (sw.ts, built to dist/sw.js) that makes a second visit start from
 * the cache and lets the page work offline. mountPage.ts calls it in production builds only, so
 * `npm run dev` never caches anything.
 *
 * When a new build's worker takes control of a page that an older one controlled, the page reloads
 * into the new build (its old files are gone from the cache): at once if nobody has typed or
 * clicked yet; otherwise the user is told (`onUpdate`, which mountPage.ts turns into a notice with a
 * Reload now button) and the page reloads the next time the tab is hidden, so an edit in progress
 * is not cut off. The session survives the reload (it is saved locally).
 *
 * A page that was not controlled when it loaded (a first visit) is told when the worker it
 * registered is active (`onInstalled`): its caches are full then, and mountPage.ts has the
 * engine's script compiled from them for the next visit (codeCache.ts).
 */

export interface ServiceWorkerOptions {
  /** A new version took control while the user was working: `reload` switches to it now. */
  onUpdate?: (reload: () => void) => void;
  /** This page was not controlled, and the worker it registered is now active (once at most). */
  onInstalled?: () => void;
}

/** Resolves once the registration's newest worker is activated; never if it becomes redundant. */
function activated(registration: ServiceWorkerRegistration): Promise<void> {
  return new Promise((resolve) => {
    const worker = registration.installing ?? registration.waiting ?? registration.active;
    if (worker === null) return;
    if (worker.state === 'activated') {
      resolve();
      return;
    }
    const onStateChange = (): void => {
      if (worker.state !== 'activated' && worker.state !== 'redundant') return;
      worker.removeEventListener('statechange', onStateChange);
      if (worker.state === 'activated') resolve();
    };
    worker.addEventListener('statechange', onStateChange);
  });
}

/** Registers `sw.js` next to the page once the page has loaded; never throws. */
export function registerServiceWorker(
  win: Window = window,
  { onUpdate, onInstalled }: ServiceWorkerOptions = {},
): void {
  const container = win.navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (container === undefined) return; // not a secure context, or no service workers

  const wasControlled = container.controller !== null;
  let interacted = false;
  const markInteracted = (): void => {
    interacted = true;
  };
  for (const type of ['keydown', 'pointerdown', 'input'] as const) {
    win.addEventListener(type, markInteracted, { capture: true, passive: true, once: true });
  }

  let updated = false;
  const reload = (): void => win.location.reload();
  container.addEventListener('controllerchange', () => {
    // The first install claiming this page changes nothing it runs; only an update does.
    if (!wasControlled || updated) return;
    updated = true;
    if (!interacted || win.document.visibilityState === 'hidden') {
      reload();
      return;
    }
    onUpdate?.(reload);
    win.document.addEventListener('visibilitychange', () => {
      if (win.document.visibilityState === 'hidden') reload();
    });
  });

  const register = (): void => {
    const url = new URL('sw.js', win.document.baseURI);
    container
      .register(url, { scope: './' })
      .then(async (registration) => {
        if (wasControlled || onInstalled === undefined) return;
        await activated(registration);
        onInstalled();
      })
      .catch((error: unknown) => {
        // The page works without it (from the network); say why, for whoever debugs it.
        console.warn('pyregex: the offline cache is not available:', error);
      });
  };
  if (win.document.readyState === 'complete') register();
  else win.addEventListener('load', register, { once: true });
}
