/**
 * The page's keyboard shortcuts: one table (which the help panel lists) and one pure function that
 * maps a key event to an action. Chosen not to clash with the browser's own keys: Ctrl/Cmd+Enter,
 * Alt+Shift+letter (matched by physical key, so it works on every layout and with macOS Option
 * characters), and a bare `?` only while the user is not typing. No DOM access here.
 */

export type ShortcutAction =
  'run' | 'share' | 'focusPattern' | 'focusText' | 'toggleTheme' | 'stop' | 'debug' | 'help';

export interface Shortcut {
  action: ShortcutAction;
  /** Keys as the help panel shows them; `mod` is shown as Ctrl or ⌘ by the platform. */
  keys: string[];
  what: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'run', keys: ['mod', 'Enter'], what: 'Run now (results also update as you type)' },
  { action: 'stop', keys: ['Alt', 'Shift', 'X'], what: 'Stop a run that is taking long' },
  { action: 'share', keys: ['Alt', 'Shift', 'S'], what: 'Share: put the session in a link' },
  { action: 'focusPattern', keys: ['Alt', 'Shift', 'P'], what: 'Go to the pattern' },
  { action: 'focusText', keys: ['Alt', 'Shift', 'T'], what: 'Go to the test string' },
  {
    action: 'toggleTheme',
    keys: ['Alt', 'Shift', 'D'],
    what: 'Switch theme (system, light, dark)',
  },
  { action: 'debug', keys: ['Alt', 'Shift', 'G'], what: 'Open or close the step debugger' },
  { action: 'help', keys: ['?'], what: 'This help (when not typing in an editor)' },
];

/** The parts of a KeyboardEvent the mapping looks at. */
export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const ALT_SHIFT_CODES: Record<string, ShortcutAction> = {
  KeyS: 'share',
  KeyP: 'focusPattern',
  KeyT: 'focusText',
  KeyD: 'toggleTheme',
  KeyX: 'stop',
  KeyG: 'debug',
};

/**
 * The action for `event`, or null. `typing` is true while focus is in a text field or editor,
 * where a bare `?` is text, not a command.
 */
export function shortcutFor(event: KeyLike, typing: boolean): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && !event.altKey && !event.shiftKey && event.key === 'Enter') return 'run';
  if (event.altKey && event.shiftKey && !mod) return ALT_SHIFT_CODES[event.code] ?? null;
  if (!typing && !mod && !event.altKey && event.key === '?') return 'help';
  return null;
}

/** Whether `target` takes typed text (an input, a textarea, a contenteditable editor). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === 'undefined' || !(target instanceof Element)) return false;
  if (target.closest('[contenteditable="true"], [contenteditable=""]') !== null) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit'].includes(target.type);
  }
  return false;
}

/** The label for the `mod` key on this platform. */
export function modKeyLabel(platform: string): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}
