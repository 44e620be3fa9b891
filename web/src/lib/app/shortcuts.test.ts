import { describe, expect, it } from 'vitest';
import { modKeyLabel, shortcutFor, SHORTCUTS, type KeyLike } from './shortcuts';

function key(partial: Partial<KeyLike>): KeyLike {
  return {
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...partial,
  };
}

describe('shortcutFor', () => {
  it('runs on Ctrl+Enter and Cmd+Enter, even while typing', () => {
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true }), true)).toBe('run');
    expect(shortcutFor(key({ key: 'Enter', metaKey: true }), false)).toBe('run');
    expect(shortcutFor(key({ key: 'Enter' }), true)).toBeNull();
    expect(shortcutFor(key({ key: 'Enter', ctrlKey: true, shiftKey: true }), true)).toBeNull();
  });

  it('matches Alt+Shift+letter by physical key (macOS Option makes other characters)', () => {
    expect(shortcutFor(key({ key: 'Í', code: 'KeyS', altKey: true, shiftKey: true }), true)).toBe(
      'share',
    );
    expect(shortcutFor(key({ key: 'P', code: 'KeyP', altKey: true, shiftKey: true }), true)).toBe(
      'focusPattern',
    );
    expect(shortcutFor(key({ key: '˝', code: 'KeyG', altKey: true, shiftKey: true }), true)).toBe(
      'debug',
    );
    expect(shortcutFor(key({ key: 'S', code: 'KeyS', shiftKey: true }), false)).toBeNull();
    expect(
      shortcutFor(key({ code: 'KeyS', altKey: true, shiftKey: true, ctrlKey: true }), false),
    ).toBeNull();
  });

  it('opens help on ? only when not typing', () => {
    expect(shortcutFor(key({ key: '?', shiftKey: true }), false)).toBe('help');
    expect(shortcutFor(key({ key: '?', shiftKey: true }), true)).toBeNull();
  });

  it('has a help line for every action it can return', () => {
    const actions = new Set(SHORTCUTS.map((shortcut) => shortcut.action));
    for (const action of [
      'run',
      'share',
      'focusPattern',
      'focusText',
      'toggleTheme',
      'stop',
      'debug',
      'help',
    ]) {
      expect(actions.has(action as never)).toBe(true);
    }
  });
});

describe('modKeyLabel', () => {
  it('says ⌘ on Apple platforms and Ctrl elsewhere', () => {
    expect(modKeyLabel('MacIntel')).toBe('⌘');
    expect(modKeyLabel('iPhone')).toBe('⌘');
    expect(modKeyLabel('Linux x86_64')).toBe('Ctrl');
    expect(modKeyLabel('')).toBe('Ctrl');
  });
});
