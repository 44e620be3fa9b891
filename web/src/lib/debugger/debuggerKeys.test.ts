import { describe, expect, it } from 'vitest';
import type { KeyLike } from '../app/shortcuts';
import { DEBUGGER_KEYS, debuggerActionFor, type DebuggerAction } from './debuggerKeys';

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

describe('debuggerActionFor', () => {
  it('steps with . and , and the arrows, and goes to the ends with Home and End', () => {
    expect(debuggerActionFor(key({ key: '.', code: 'Period' }), false)).toBe('forward');
    expect(debuggerActionFor(key({ key: ',', code: 'Comma' }), false)).toBe('back');
    expect(debuggerActionFor(key({ key: 'ArrowRight' }), false)).toBe('forward');
    expect(debuggerActionFor(key({ key: 'ArrowLeft' }), false)).toBe('back');
    expect(debuggerActionFor(key({ key: 'ArrowDown' }), false)).toBe('forward');
    expect(debuggerActionFor(key({ key: 'ArrowUp' }), false)).toBe('back');
    expect(debuggerActionFor(key({ key: 'Home' }), false)).toBe('first');
    expect(debuggerActionFor(key({ key: 'End' }), false)).toBe('last');
  });

  it('leaves the arrows, Home and End to the slider when it has focus', () => {
    for (const name of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End']) {
      expect(debuggerActionFor(key({ key: name }), true)).toBeNull();
    }
    expect(debuggerActionFor(key({ key: '.' }), true)).toBe('forward');
  });

  it('jumps between backtracks and attempts by physical key, Shift going back', () => {
    expect(debuggerActionFor(key({ key: 'b', code: 'KeyB' }), false)).toBe('nextBacktrack');
    expect(debuggerActionFor(key({ key: 'B', code: 'KeyB', shiftKey: true }), false)).toBe(
      'previousBacktrack',
    );
    expect(debuggerActionFor(key({ key: 'n', code: 'KeyN' }), false)).toBe('nextAttempt');
    expect(debuggerActionFor(key({ key: 'N', code: 'KeyN', shiftKey: true }), false)).toBe(
      'previousAttempt',
    );
    expect(debuggerActionFor(key({ key: 'p', code: 'KeyP' }), false)).toBe('toggle');
  });

  it('ignores keys with Ctrl, Cmd or Alt (the browser and the page own those)', () => {
    expect(debuggerActionFor(key({ key: 'b', code: 'KeyB', ctrlKey: true }), false)).toBeNull();
    expect(debuggerActionFor(key({ key: '.', metaKey: true }), false)).toBeNull();
    expect(debuggerActionFor(key({ key: 'p', code: 'KeyP', altKey: true }), false)).toBeNull();
    expect(debuggerActionFor(key({ key: 'x', code: 'KeyX' }), false)).toBeNull();
  });

  it('has a help line for every action it can return', () => {
    const listed = new Set(DEBUGGER_KEYS.map((entry) => entry.action));
    const all: DebuggerAction[] = [
      'forward',
      'back',
      'first',
      'last',
      'nextBacktrack',
      'previousBacktrack',
      'nextAttempt',
      'previousAttempt',
      'toggle',
    ];
    for (const action of all) expect(listed.has(action)).toBe(true);
  });
});
