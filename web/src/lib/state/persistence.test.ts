import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LARGE_SESSION_CHARS,
  NEVER_STORED_CHARS,
  SAVE_DELAY_MS,
  STORAGE_KEY,
  SessionPersistence,
} from './persistence';
import { DEFAULT_SESSION, type Session } from './session';
import { FakeStorage } from './testing';

const edited: Session = { ...DEFAULT_SESSION, pattern: 'a\r\n\ud800', text: 'x😀', count: 3 };

function envelope(session: unknown, version: unknown = 1): string {
  return JSON.stringify({ app: 'pyregex', version, session });
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionPersistence with working storage', () => {
  it('loads nothing from empty storage', () => {
    const persistence = new SessionPersistence({ storage: () => new FakeStorage() });
    expect(persistence.available).toBe(true);
    expect(persistence.unavailableReason).toBeNull();
    expect(persistence.load()).toBeNull();
    expect(persistence.loadProblems).toEqual([]);
  });

  it('saves after the debounce delay and loads the same session back', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    persistence.save(edited);
    expect(storage.items.has(STORAGE_KEY)).toBe(false);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
    expect(new SessionPersistence({ storage: () => storage }).load()).toEqual(edited);
  });

  it('writes once for a burst of edits, keeping the last', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    for (let i = 0; i < 20; i++) {
      persistence.save({ ...edited, pattern: `p${i}` });
      vi.advanceTimersByTime(SAVE_DELAY_MS / 2);
    }
    expect(storage.calls.filter((c) => c.op === 'set' && c.key === STORAGE_KEY)).toHaveLength(0);
    vi.advanceTimersByTime(SAVE_DELAY_MS);
    const writes = storage.calls.filter((c) => c.op === 'set' && c.key === STORAGE_KEY);
    expect(writes).toHaveLength(1);
    expect(JSON.parse(storage.items.get(STORAGE_KEY)!).session.pattern).toBe('p19');
  });

  it('copies the session when save() is called, not when it writes', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    const live = { ...edited };
    persistence.save(live);
    live.pattern = 'changed later';
    persistence.flush();
    expect(JSON.parse(storage.items.get(STORAGE_KEY)!).session.pattern).toBe(edited.pattern);
  });

  it('flush() writes a pending save at once; an unchanged session is not rewritten', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    persistence.save(edited);
    persistence.flush();
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
    persistence.save({ ...edited });
    persistence.flush();
    expect(storage.calls.filter((c) => c.op === 'set' && c.key === STORAGE_KEY)).toHaveLength(1);
    persistence.flush();
    vi.runAllTimers();
    expect(storage.calls.filter((c) => c.op === 'set' && c.key === STORAGE_KEY)).toHaveLength(1);
  });

  it('clear() forgets the saved session and any pending save', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    persistence.save(edited);
    persistence.flush();
    persistence.save({ ...edited, pattern: 'pending' });
    persistence.clear();
    vi.runAllTimers();
    expect(storage.items.has(STORAGE_KEY)).toBe(false);
  });

  it('dispose() writes what is pending, then does nothing more', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    persistence.save(edited);
    persistence.dispose();
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
    persistence.save({ ...edited, pattern: 'after' });
    vi.runAllTimers();
    expect(JSON.parse(storage.items.get(STORAGE_KEY)!).session.pattern).toBe(edited.pattern);
  });

  it('uses the key it is given', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage, key: 'other' });
    persistence.save(edited);
    persistence.flush();
    expect([...storage.items.keys()]).toEqual(['other']);
  });
});

describe('SessionPersistence ignores broken or foreign stored values, with a reason', () => {
  it.each([
    ['not JSON', '{"app":', /not valid JSON/],
    [
      'another app',
      JSON.stringify({ app: 'other', version: 1, session: {} }),
      /not written by pyregex/,
    ],
    ['a bare session', JSON.stringify(DEFAULT_SESSION), /not written by pyregex/],
    ['JSON null', 'null', /not written by pyregex/],
    ['a newer format', envelope(DEFAULT_SESSION, 2), /newer version of pyregex \(format 2\)/],
    ['an unknown format', envelope(DEFAULT_SESSION, 'x'), /format is unknown/],
    ['no session', envelope([1]), /holds no session/],
  ])('%s', (_name, raw, reason) => {
    const storage = new FakeStorage();
    storage.items.set(STORAGE_KEY, raw);
    const persistence = new SessionPersistence({ storage: () => storage });
    expect(persistence.load()).toBeNull();
    expect(persistence.loadProblems).toHaveLength(1);
    expect(persistence.loadProblems[0]).toMatch(/^The work saved in this browser was ignored: /);
    expect(persistence.loadProblems[0]).toMatch(reason);
    expect(persistence.available).toBe(true);
  });

  it('repairs a stored session with bad fields and says what it repaired', () => {
    const storage = new FakeStorage();
    storage.items.set(STORAGE_KEY, envelope({ ...edited, op: 'nope', extra: 1 }));
    const persistence = new SessionPersistence({ storage: () => storage });
    expect(persistence.load()).toEqual({ ...edited, op: DEFAULT_SESSION.op });
    expect(persistence.loadProblems).toEqual([
      expect.stringMatching(/^"op" should be one of/),
      'Ignored unknown field "extra".',
    ]);
  });
});

describe('SessionPersistence without usable storage', () => {
  it('turns off when reading localStorage itself throws', () => {
    const persistence = new SessionPersistence({
      storage: () => {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    expect(persistence.available).toBe(false);
    expect(persistence.unavailableReason).toBe('this browser blocks local storage (SecurityError)');
    expect(persistence.load()).toBeNull();
    persistence.save(edited);
    vi.runAllTimers();
    persistence.flush();
    persistence.clear();
    persistence.dispose();
  });

  it('turns off when there is no storage at all', () => {
    const persistence = new SessionPersistence({ storage: () => undefined });
    expect(persistence.available).toBe(false);
    expect(persistence.unavailableReason).toBe('this browser offers no local storage');
  });

  it('turns off when every write is refused (private mode with a zero quota)', () => {
    const storage = new FakeStorage();
    storage.quota = 0;
    const persistence = new SessionPersistence({ storage: () => storage });
    expect(persistence.available).toBe(false);
    expect(persistence.unavailableReason).toBe('local storage is full or disabled in this browser');
    expect(storage.items.size).toBe(0);
  });

  it('turns off, once, when a save hits the quota, and keeps working in memory', () => {
    const storage = new FakeStorage();
    const onUnavailable = vi.fn();
    const persistence = new SessionPersistence({ storage: () => storage, onUnavailable });
    persistence.save(edited);
    persistence.flush();
    storage.quota = 1000;
    persistence.save({ ...edited, text: 'x'.repeat(5000) });
    expect(() => vi.runAllTimers()).not.toThrow();
    expect(persistence.available).toBe(false);
    expect(persistence.unavailableReason).toBe('local storage is full or disabled in this browser');
    expect(onUnavailable).toHaveBeenCalledTimes(1);
    expect(onUnavailable).toHaveBeenCalledWith('local storage is full or disabled in this browser');
    // Later edits neither throw nor touch storage.
    const callsBefore = storage.calls.length;
    persistence.save({ ...edited, text: 'y' });
    vi.runAllTimers();
    persistence.flush();
    expect(storage.calls.length).toBe(callsBefore);
    expect(onUnavailable).toHaveBeenCalledTimes(1);
    // The last session that fitted is still there for the next visit.
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
  });

  it('does not even try to write a session larger than any browser keeps', () => {
    const storage = new FakeStorage();
    const onTooLarge = vi.fn();
    const persistence = new SessionPersistence({ storage: () => storage, onTooLarge });
    const huge = { ...edited, text: 'x'.repeat(NEVER_STORED_CHARS + 1) };
    const callsBefore = storage.calls.length;
    persistence.save(huge);
    vi.runAllTimers();
    // Unlimited as this fake storage is, nothing was written: the size alone refuses it.
    expect(storage.calls.length).toBe(callsBefore);
    expect(onTooLarge).toHaveBeenCalledWith(NEVER_STORED_CHARS + 1);
    expect(persistence.tooLarge).toBe(NEVER_STORED_CHARS + 1);
    expect(persistence.available).toBe(true);
    persistence.save(edited);
    vi.runAllTimers();
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
    expect(onTooLarge).toHaveBeenLastCalledWith(null);
  });

  it('keeps working when a session too large for the quota is refused, and saves the next that fits', () => {
    const storage = new FakeStorage();
    storage.quota = 2 * LARGE_SESSION_CHARS;
    const onTooLarge = vi.fn();
    const onUnavailable = vi.fn();
    const persistence = new SessionPersistence({
      storage: () => storage,
      onTooLarge,
      onUnavailable,
    });
    const huge = { ...edited, text: 'x'.repeat(3 * LARGE_SESSION_CHARS) };
    persistence.save(huge);
    vi.runAllTimers();
    expect(persistence.available).toBe(true);
    expect(onUnavailable).not.toHaveBeenCalled();
    expect(onTooLarge).toHaveBeenCalledTimes(1);
    expect(onTooLarge.mock.calls[0]![0]).toBe(envelope(huge).length);
    expect(persistence.tooLarge).toBe(envelope(huge).length);
    // The same size again, or larger, is not tried again (each refusal costs a 10 MB write).
    const callsBefore = storage.calls.length;
    persistence.save({ ...huge, text: `${huge.text}y` });
    vi.runAllTimers();
    expect(storage.calls.length).toBe(callsBefore);
    // A session that fits is saved, and the refusal is taken back.
    persistence.save(edited);
    vi.runAllTimers();
    expect(storage.items.get(STORAGE_KEY)).toBe(envelope(edited));
    expect(onTooLarge).toHaveBeenLastCalledWith(null);
    expect(persistence.tooLarge).toBeNull();
  });

  it('turns off when reading throws after a successful probe', () => {
    const storage = new FakeStorage();
    const onUnavailable = vi.fn();
    const persistence = new SessionPersistence({ storage: () => storage, onUnavailable });
    storage.failing.add('get');
    expect(persistence.load()).toBeNull();
    expect(persistence.available).toBe(false);
    expect(persistence.unavailableReason).toBe(
      'local storage is not usable in this browser (SecurityError)',
    );
    expect(onUnavailable).toHaveBeenCalledOnce();
  });

  it('turns off when clearing throws', () => {
    const storage = new FakeStorage();
    const persistence = new SessionPersistence({ storage: () => storage });
    storage.failing.add('remove');
    expect(() => persistence.clear()).not.toThrow();
    expect(persistence.available).toBe(false);
  });
});
