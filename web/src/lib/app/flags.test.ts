import { describe, expect, it } from 'vitest';
import type { Error as EngineError } from '../engine/contract';
import { FLAG_LETTERS } from '../state/session';
import { FLAGS, flagViews, toggleFlag } from './flags';

const flagsError = (message: string): EngineError => ({
  type: 'ValueError',
  where: 'flags',
  message,
  pos: null,
  pos16: null,
  lineno: null,
  colno: null,
});

const stateOf = (views: ReturnType<typeof flagViews>, name: string) =>
  views.find((view) => view.name === name)?.state;

describe('FLAGS', () => {
  it("lists re's seven flags in the session's letter order", () => {
    expect(FLAGS.map((flag) => flag.letter).join('')).toBe(FLAG_LETTERS);
    expect(FLAGS.map((flag) => flag.name)).toEqual([
      'IGNORECASE',
      'MULTILINE',
      'DOTALL',
      'VERBOSE',
      'ASCII',
      'LOCALE',
      'UNICODE',
    ]);
  });
});

describe('flagViews', () => {
  it('presses exactly the requested flags', () => {
    const views = flagViews({ requested: 'ms', effective: null, error: null });
    expect(views.filter((view) => view.pressed).map((view) => view.name)).toEqual([
      'MULTILINE',
      'DOTALL',
    ]);
    expect(stateOf(views, 'MULTILINE')).toBe('on');
    expect(stateOf(views, 'IGNORECASE')).toBe('off');
  });

  it('shows a flag set inline as in effect but not pressed', () => {
    const views = flagViews({
      requested: '',
      effective: ['IGNORECASE', 'UNICODE'],
      error: null,
    });
    const ignorecase = views.find((view) => view.name === 'IGNORECASE')!;
    expect(ignorecase.state).toBe('inline');
    expect(ignorecase.pressed).toBe(false);
    expect(ignorecase.description).toBe('on via an inline flag in the pattern');
    expect(stateOf(views, 'UNICODE')).toBe('implied');
  });

  it("marks the flags CPython's message names as refused", () => {
    const refusedLocale = flagViews({
      requested: 'l',
      effective: null,
      error: flagsError('cannot use LOCALE flag with a str pattern'),
    });
    expect(stateOf(refusedLocale, 'LOCALE')).toBe('refused');

    const both = flagViews({
      requested: 'au',
      effective: null,
      error: flagsError('ASCII and UNICODE flags are incompatible'),
    });
    expect(stateOf(both, 'ASCII')).toBe('refused');
    expect(stateOf(both, 'UNICODE')).toBe('refused');
  });

  it('ignores errors that are not about the flags', () => {
    const views = flagViews({
      requested: 'i',
      effective: null,
      error: { ...flagsError('IGNORECASE nonsense'), where: 'pattern' },
    });
    expect(stateOf(views, 'IGNORECASE')).toBe('on');
  });
});

describe('toggleFlag', () => {
  it('adds and removes a letter, keeping the canonical order', () => {
    expect(toggleFlag('', 'm')).toBe('m');
    expect(toggleFlag('m', 'i')).toBe('im');
    expect(toggleFlag('imx', 'm')).toBe('ix');
    expect(toggleFlag('u', 'a')).toBe('au');
  });
});
