/**
 * registerServiceWorker against a fake window: when a new version takes control, a page nobody has
 * touched reloads at once; a page in use is told (onUpdate, with a reload to call) and reloads when
 * its tab is next hidden; the first install never reloads.
 */
import { describe, expect, it, vi } from 'vitest';
import { registerServiceWorker } from './register';

function fakeWindow({ controlled }: { controlled: boolean }) {
  const container = Object.assign(new EventTarget(), {
    controller: controlled ? {} : null,
    register: vi.fn(async () => ({})),
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
});
