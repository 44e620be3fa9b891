/**
 * The debugger's keys while focus is inside it (the Help dialog lists this table): plain keys,
 * since the debugger holds no text field. They never reach an editor, and arrows, Home and End are
 * left to the step slider when it has focus (it moves by them itself). No DOM access here.
 */
import type { KeyLike } from '../app/shortcuts';

export type DebuggerAction =
  | 'forward'
  | 'back'
  | 'first'
  | 'last'
  | 'nextBacktrack'
  | 'previousBacktrack'
  | 'nextAttempt'
  | 'previousAttempt'
  | 'toggle';

export interface DebuggerKey {
  action: DebuggerAction;
  /** Keys as the help panel shows them, each a way to do it. */
  keys: string[];
  what: string;
}

export const DEBUGGER_KEYS: readonly DebuggerKey[] = [
  { action: 'forward', keys: ['.', '→', '↓'], what: 'Next step' },
  { action: 'back', keys: [',', '←', '↑'], what: 'Previous step' },
  { action: 'first', keys: ['Home'], what: 'First step' },
  { action: 'last', keys: ['End'], what: 'Last step' },
  { action: 'nextBacktrack', keys: ['B'], what: 'Next backtrack' },
  { action: 'previousBacktrack', keys: ['Shift+B'], what: 'Previous backtrack' },
  { action: 'nextAttempt', keys: ['N'], what: 'Next match attempt (the next start position)' },
  { action: 'previousAttempt', keys: ['Shift+N'], what: 'Previous match attempt' },
  { action: 'toggle', keys: ['P'], what: 'Play or pause' },
];

/** Keys the step slider handles itself while it has focus. */
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

/**
 * The debugger action for `event`, or null. `onSlider` is true when the step slider has focus
 * (its own keys are left to it).
 */
export function debuggerActionFor(event: KeyLike, onSlider: boolean): DebuggerAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (onSlider && SLIDER_KEYS.has(event.key)) return null;
  switch (event.key) {
    case '.':
    case 'ArrowRight':
    case 'ArrowDown':
      return 'forward';
    case ',':
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'back';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
  }
  switch (event.code) {
    case 'KeyB':
      return event.shiftKey ? 'previousBacktrack' : 'nextBacktrack';
    case 'KeyN':
      return event.shiftKey ? 'previousAttempt' : 'nextAttempt';
    case 'KeyP':
      return event.shiftKey ? null : 'toggle';
  }
  return null;
}
