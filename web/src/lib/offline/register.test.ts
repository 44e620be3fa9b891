/**
 * registerServiceWorker against a fake window: when a new version takes control, a page nobody has
 * touched reloads at once; a page in use is told (onUpdate, with a reload to call) and reloads when
 * its tab is next hidden; the first install never reloads. A page that installed the worker is
 * told once it is activated (onInstalled), and never if it fails or the page was controlled.
 */
import { describe, expect, it, vi } from 'vitest';
import { registerServiceWorker } from './register';

/** A service worker as its registration holds it: its state changes fire statechange. */
function fakeServiceWorker(state: ServiceWorkerState) {
  const worker = Object.assign(new EventTarget(), { state });
  return Object.assign(worker, {
    become(next: ServiceWorkerState): void {
      worker.state = next;
      worker.dispatchEvent(new Event('statechange'));
    },
  });
}

function fakeWindow({
  controlled,
  installing = fakeServiceWorker('installing'),
}: {
  controlled: boolean;
  installing?: ReturnType<typeof fakeServiceWorker> | null;
}) {
  const registration = {
    installing: installing?.state === 'activated' ? null : installing,
    waiting: null,
    active: installing?.state === 'activated' ? installing : null,
  };
  const container = Object.assign(new EventTarget(), {
    controller: controlled ? {} : null,
    register: vi.fn(async () => registration),
  });
  const document = Object.assign(new EventTarget(), {
    readyState: 'complete',
    baseURI: 'http://127.0.0.1/app/',
    visibilityState: 'visible' as DocumentVisibilityState,
  });
  const page = Object.assign(new EventTarget(), {
    navigator: { serviceWorker: container },
    document,
    location: { reload: vi.fn() },
  });
  return {
    win: page as unknown as Window,
    reload: page.location.reload,
    register: container.register,
    takeControl: () => container.dispatchEvent(new Event('controllerchange')),
    type: () => page.dispatchEvent(new Event('keydown')),
    installing,
    hide: () => {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

describe('registerServiceWorker', () => {
  it('registers sw.js next to the page', () => {
    const page = fakeWindow({ controlled: false });
    registerServiceWorker(page.win);
    expect(page.register).toHaveBeenCalledWith(new URL('http://127.0.0.1/app/sw.js'), {
      scope: './',
    });
  });

  it('does not reload for the first install', () => {
    const page = fakeWindow({ controlled: false });
    const onUpdate = vi.fn();
    registerServiceWorker(page.win, { onUpdate });
    page.takeControl();
    expect(page.reload).not.toHaveBeenCalled();
    expect(onUpdate).not.toHaveBeenCalled();
  });

  it('reloads into a new version at once when nobody has used the page yet', () => {
    const page = fakeWindow({ controlled: true });
    const onUpdate = vi.fn();
    registerServiceWorker(page.win, { onUpdate });
    page.takeControl();
    expect(page.reload).toHaveBeenCalledTimes(1);
    expect(onUpdate).not.toHaveBeenCalled();
  });

  it('tells a user at work, reloads when asked, or else when the tab is hidden', () => {
    const page = fakeWindow({ controlled: true });
    const onUpdate = vi.fn<(reload: () => void) => void>();
    registerServiceWorker(page.win, { onUpdate });
    page.type();
    page.takeControl();
    page.takeControl(); // a second change is the same update: one notice
    expect(onUpdate).toHaveBeenCalledTimes(1);
    expect(page.reload).not.toHaveBeenCalled();
    onUpdate.mock.calls[0]![0]();
    expect(page.reload).toHaveBeenCalledTimes(1);
    page.hide();
    expect(page.reload).toHaveBeenCalledTimes(2);
  });

  it('tells the page that installed the worker once it is activated, and only then', async () => {
    const page = fakeWindow({ controlled: false });
    const onInstalled = vi.fn();
    registerServiceWorker(page.win, { onInstalled });
    await vi.waitFor(() => expect(page.register).toHaveBeenCalled());
    page.installing!.become('installed');
    page.installing!.become('activating');
    await Promise.resolve();
    expect(onInstalled).not.toHaveBeenCalled();
    page.installing!.become('activated');
    await vi.waitFor(() => expect(onInstalled).toHaveBeenCalledTimes(1));
    page.installing!.become('activated');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onInstalled).toHaveBeenCalledTimes(1);
  });

  it('tells it at once when the worker it registered is already active', async () => {
    const page = fakeWindow({ controlled: false, installing: fakeServiceWorker('activated') });
    const onInstalled = vi.fn();
    registerServiceWorker(page.win, { onInstalled });
    await vi.waitFor(() => expect(onInstalled).toHaveBeenCalledTimes(1));
  });

  it('never tells a page the worker already controlled, nor about a worker that failed', async () => {
    const controlled = fakeWindow({ controlled: true });
    const failed = fakeWindow({ controlled: false });
    const onInstalled = vi.fn();
    registerServiceWorker(controlled.win, { onInstalled });
    registerServiceWorker(failed.win, { onInstalled });
    await vi.waitFor(() => expect(failed.register).toHaveBeenCalled());
    controlled.installing!.become('activated');
    failed.installing!.become('redundant');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onInstalled).not.toHaveBeenCalled();
  });
});
