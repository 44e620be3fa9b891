/**
 * Keeps the current Session in localStorage so a reload (or a crashed worker) never loses the
 * user's work: `load()` once at start, `save()` on every edit (debounced), `flush()` when the page
 * is hidden.
 *
 * Storage is optional. When it is missing, blocked or full, persistence switches itself off,
 * reports why (`available`, `unavailableReason`, `onUnavailable`) and every call becomes a no-op:
 * it must never throw, and never let a stored value reach the page without `normalizeSession`.
 * A session too large for the browser's quota (a pasted 10 MB log; browsers keep about 5 MB a
 * site) is another matter: storage still works, only that session does not fit. It is reported
 * (`onTooLarge`), not retried while it stays as large, and the next session that fits is saved
 * again (and `onTooLarge(null)` says so).
 */
import { normalizeSession, pickSession, type Session } from './session';
import {
  browserLocalStorage,
  describeStorageError,
  isQuotaExceeded,
  openStorage,
  type StorageGetter,
} from './storage';

export const STORAGE_KEY = 'pyregex:session';

/** The version of the stored envelope; bump it only with a migration in `unwrap`. */
const STORED_VERSION = 1;

/** Quiet time after the last edit before the session is written. */
export const SAVE_DELAY_MS = 400;

/**
 * A session whose JSON is at least this long and hits the quota is "too large to keep", not a
 * sign that storage is full or off (a small one hitting it is).
 */
export const LARGE_SESSION_CHARS = 500_000;

/**
 * More characters than any browser's localStorage holds for a whole origin (Chromium: 10 MiB
 * counted as UTF-16, so 5 Mi characters; Firefox and Safari: 5 MB). A session with a text this
 * long is too large without trying: writing its JSON only to be refused cost the page a task of
 * 90–210 ms after a 10 MB paste.
 */
export const NEVER_STORED_CHARS = 5 * 1024 * 1024;

/** What is written under STORAGE_KEY. `app` tells our value from anything else under that key. */
interface StoredEnvelope {
  app: 'pyregex';
  version: number;
  session: Session;
}

export interface SessionPersistenceOptions {
  /** Where to store; defaults to the browser's localStorage. Tests inject their own. */
  storage?: StorageGetter;
  key?: string;
  delayMs?: number;
  /** Called once, when persistence turns off (storage missing, blocked, or full). */
  onUnavailable?: (reason: string) => void;
  /**
   * Called with the size (JSON characters) of a session the quota refused for being large, and
   * with null when a later session was saved again.
   */
  onTooLarge?: (chars: number | null) => void;
}

export class SessionPersistence {
  #storage: Storage | null;
  #unavailableReason: string | null;
  #loadProblems: string[] = [];
  readonly #key: string;
  readonly #delayMs: number;
  readonly #onUnavailable: ((reason: string) => void) | undefined;
  readonly #onTooLarge: ((chars: number | null) => void) | undefined;
  /** The length of the JSON the quota last refused as too large, or null. */
  #refused: number | null = null;
  #pending: Session | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** The JSON last written, so unchanged sessions are not rewritten. */
  #lastWritten: string | null = null;

  constructor(options: SessionPersistenceOptions = {}) {
    this.#key = options.key ?? STORAGE_KEY;
    this.#delayMs = options.delayMs ?? SAVE_DELAY_MS;
    this.#onUnavailable = options.onUnavailable;
    this.#onTooLarge = options.onTooLarge;
    const opened = openStorage(options.storage ?? browserLocalStorage);
    this.#storage = opened.storage;
    this.#unavailableReason = opened.reason;
  }

  /** False once storage has proved missing, blocked or full; the session then lives only in memory. */
  get available(): boolean {
    return this.#storage !== null;
  }

  /** Why persistence is off, as a phrase ("local storage is full …"), or null while it works. */
  get unavailableReason(): string | null {
    return this.#unavailableReason;
  }

  /** Why the last `load()` ignored or repaired the stored value; empty when it was fine or absent. */
  get loadProblems(): readonly string[] {
    return this.#loadProblems;
  }

  /** The saved session (normalised), or null when there is none or it cannot be used. */
  load(): Session | null {
    this.#loadProblems = [];
    const storage = this.#storage;
    if (storage === null) return null;
    let raw: string | null;
    try {
      raw = storage.getItem(this.#key);
    } catch (error) {
      this.#turnOff(describeStorageError(error));
      return null;
    }
    if (raw === null) return null;
    const result = unwrap(raw);
    this.#loadProblems = result.problems;
    if (result.session !== null) this.#lastWritten = raw;
    return result.session;
  }

  /** Remembers `session`, writing it once edits pause for the save delay. */
  save(session: Session): void {
    if (this.#storage === null) return;
    // Copy now: the caller's object (often a Svelte proxy) keeps changing after this call.
    this.#pending = pickSession(session);
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), this.#delayMs);
  }

  /** Writes a pending save now (call it on `pagehide` / `visibilitychange`). */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const session = this.#pending;
    this.#pending = null;
    const storage = this.#storage;
    if (session === null || storage === null) return;
    // At least as large as what was refused: not worth the JSON, let alone another refusal.
    if (this.#refused !== null && session.text.length >= this.#refused) return;
    if (session.text.length > NEVER_STORED_CHARS) {
      this.#refuse(session.text.length);
      return;
    }
    const envelope: StoredEnvelope = { app: 'pyregex', version: STORED_VERSION, session };
    const json = JSON.stringify(envelope);
    if (json === this.#lastWritten) return;
    if (this.#refused !== null && json.length >= this.#refused) return;
    try {
      storage.setItem(this.#key, json);
      this.#lastWritten = json;
      if (this.#refused !== null) {
        this.#refused = null;
        this.#onTooLarge?.(null);
      }
    } catch (error) {
      if (isQuotaExceeded(error) && json.length >= LARGE_SESSION_CHARS) {
        this.#refuse(json.length);
        return;
      }
      // Other quota errors included: stop trying rather than fail on every keystroke.
      this.#turnOff(describeStorageError(error));
    }
  }

  /** Records that sessions of `chars` characters or more are not kept, and says so. */
  #refuse(chars: number): void {
    this.#refused = chars;
    this.#onTooLarge?.(chars);
  }

  /** The size (JSON characters) of the session last refused as too large, or null. */
  get tooLarge(): number | null {
    return this.#refused;
  }

  /** Forgets the saved session (e.g. a "reset to example" action). */
  clear(): void {
    this.#pending = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lastWritten = null;
    try {
      this.#storage?.removeItem(this.#key);
    } catch (error) {
      this.#turnOff(describeStorageError(error));
    }
  }

  /** Writes what is pending and stops; later calls do nothing. */
  dispose(): void {
    this.flush();
    this.#storage = null;
    this.#unavailableReason ??= 'persistence was stopped';
  }

  #turnOff(reason: string): void {
    if (this.#storage === null) return;
    this.#storage = null;
    this.#unavailableReason = reason;
    this.#pending = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#onUnavailable?.(reason);
  }
}

/** Reads a stored value: our envelope of a supported version, or a reason to ignore it. */
function unwrap(raw: string): { session: Session | null; problems: string[] } {
  const ignored = (why: string) => ({
    session: null,
    problems: [`The work saved in this browser was ignored: ${why}.`],
  });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return ignored('it is not valid JSON');
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    (value as { app?: unknown }).app !== 'pyregex'
  ) {
    return ignored('it was not written by pyregex');
  }
  const { version, session } = value as { version?: unknown; session?: unknown };
  if (version !== STORED_VERSION) {
    return ignored(
      typeof version === 'number' && version > STORED_VERSION
        ? `it was saved by a newer version of pyregex (format ${version})`
        : 'its format is unknown',
    );
  }
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    return ignored('it holds no session');
  }
  return normalizeSession(session);
}
