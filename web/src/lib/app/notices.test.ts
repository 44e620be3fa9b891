/** Notices: shown once however often they are added, dismissed by id, an action kept with them. */
import { describe, expect, it, vi } from 'vitest';
import { Notices } from './notices.svelte';

describe('Notices', () => {
  it('shows an identical notice once, and dismisses by id', () => {
    const notices = new Notices();
    const first = notices.add('error', 'This link could not be opened.', ['It was cut short.']);
    expect(notices.add('error', 'This link could not be opened.', ['It was cut short.'])).toBe(
      first,
    );
    const other = notices.add('error', 'This link could not be opened.', ['Another reason.']);
    expect(notices.list.map((n) => n.id)).toEqual([first, other]);
    notices.dismiss(first);
    expect(notices.list.map((n) => n.id)).toEqual([other]);
  });

  it('keeps the action a notice offers', () => {
    const notices = new Notices();
    const run = vi.fn();
    notices.add('info', 'A new version of pyregex is ready.', [], { label: 'Reload now', run });
    const action = notices.list[0]?.action;
    expect(action?.label).toBe('Reload now');
    action?.run();
    expect(run).toHaveBeenCalledTimes(1);
    notices.add('info', 'Plain.');
    expect(notices.list[1]?.action).toBeUndefined();
  });
});
