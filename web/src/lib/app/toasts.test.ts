import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Notices } from './notices.svelte';
import { toast, Toasts, TOAST_MS } from './toasts.svelte';

describe('Toasts', () => {
  let target: EventTarget;
  let toasts: Toasts;
  let stop: () => void;

  beforeEach(() => {
    vi.useFakeTimers();
    target = new EventTarget();
    toasts = new Toasts();
    stop = toasts.listen(target);
  });

  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('shows toast events and lets them go after a while', () => {
    toast('Python code copied', target);
    expect(toasts.items.map((item) => item.message)).toEqual(['Python code copied']);
    vi.advanceTimersByTime(TOAST_MS + 1);
    expect(toasts.items).toEqual([]);
  });

  it('does not stack the same message, and keeps only the newest few', () => {
    toast('a', target);
    toast('a', target);
    expect(toasts.items).toHaveLength(1);
    for (const message of ['b', 'c', 'd', 'e']) toast(message, target);
    expect(toasts.items.map((item) => item.message)).toEqual(['c', 'd', 'e']);
  });

  it('ignores malformed events', () => {
    target.dispatchEvent(new CustomEvent('pyregex:toast', { detail: { text: 'nope' } }));
    target.dispatchEvent(new Event('pyregex:toast'));
    expect(toasts.items).toEqual([]);
  });
});

describe('Notices', () => {
  it('adds, does not repeat, and dismisses', () => {
    const notices = new Notices();
    const id = notices.add('error', 'This link could not be opened.', ['Damaged.']);
    expect(notices.add('error', 'This link could not be opened.', ['Damaged.'])).toBe(id);
    expect(notices.list).toHaveLength(1);
    notices.dismiss(id);
    expect(notices.list).toEqual([]);
  });
});

describe('Toasts with an action', () => {
  it('keep the action, stay longer, and run it once when used', () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const toasts = new Toasts();
    const stop = toasts.listen(target);
    const run = vi.fn();
    toast('Deleted test case 3', target, { label: 'Undo', run });
    const [item] = toasts.items;
    expect(item?.action?.label).toBe('Undo');
    vi.advanceTimersByTime(TOAST_MS + 1);
    expect(toasts.items).toHaveLength(1);
    toasts.act(item!.id);
    toasts.act(item!.id);
    expect(run).toHaveBeenCalledTimes(1);
    expect(toasts.items).toEqual([]);
    stop();
    vi.useRealTimers();
  });
});
