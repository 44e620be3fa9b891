/**
 * Optional error reports: a build may name an endpoint (PYREGEX_ERROR_REPORTS_URL when building;
 * unset by default, and then none of this ever sends anything). Even then reports stay off until the
 * user turns them on in the Diagnostics panel; the choice is kept in this browser.
 *
 * This module is the pure part (what a report holds, how messages are scrubbed, the browser's
 * storage and transport); errorReporter.svelte.ts holds the user's choice as page state.
 *
 * A report is one failure (diagnostics.svelte.ts) with the versions and the browser: never the
 * user's pattern, text or replacement, never the page's address (a permalink holds the user's
 * work), no identifier, no cookie. Messages are scrubbed before they leave: the user's input and
 * anything quoted are cut out. At most a few reports leave per page load; no analytics.
 */
import type { EngineInfo } from '../engine/contract';
import { browserLocalStorage, openStorage, type StorageGetter } from '../state/storage';
import type { Failure } from './diagnostics.svelte';

/** What one report holds, as JSON. */
export interface ErrorReport {
  app: 'pyregex';
  /** The pyregex and engine versions, or null when no engine ran. */
  engine: Pick<EngineInfo, 'python' | 'pyodide' | 'pyregex'> | null;
  source: Failure['source'];
  kind: string;
  /** The failure's message, scrubbed (see `scrub`). */
  message: string;
  /** When it happened (ms since the epoch). */
  at: number;
  userAgent: string;
  isolated: boolean;
}

/** The user's input at the time: what a report must never contain. */
export interface PrivateInput {
  pattern: string;
  text: string;
  replacement: string;
}

export const REDACTED = '‹redacted›';
/** A message is cut to this many characters. */
export const MAX_MESSAGE_CHARS = 500;
/** Reports sent per page load, at most. */
export const MAX_REPORTS_PER_PAGE = 5;
/** Pieces of input shorter than this are too common to cut out of a message ("a", "ab"). */
const MIN_PRIVATE_CHARS = 3;

/**
 * The message without the user's input, failing safe: cut to MAX_MESSAGE_CHARS first, then each
 * field whole and each of its lines (of three characters or more), then every word of four or more
 * characters that occurs anywhere in the input (a common word is lost now and then; a secret never
 * leaves), then every quoted string ('…', "…", `…`), since runtimes quote the values they fail on.
 */
export function scrub(message: string, input: PrivateInput): string {
  const cut = message.length > MAX_MESSAGE_CHARS;
  let out = cut ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  const fields = [input.pattern, input.text, input.replacement];
  const pieces = new Set<string>();
  for (const field of fields) {
    for (const piece of [field, ...field.split(/\r\n|\r|\n/)]) {
      const trimmed = piece.trim();
      if (trimmed.length >= MIN_PRIVATE_CHARS) pieces.add(trimmed);
    }
  }
  // Longest first, so a whole field goes before the lines inside it.
  for (const piece of [...pieces].sort((a, b) => b.length - a.length)) {
    out = out.replaceAll(piece, REDACTED);
  }
  out = out.replace(/[\p{L}\p{N}_]{4,}/gu, (word) =>
    fields.some((field) => field.includes(word)) ? REDACTED : word,
  );
  out = out.replace(/'[^'\n]*'|"[^"\n]*"|`[^`\n]*`/g, REDACTED);
  return cut ? `${out}…` : out;
}

export interface ReportContext {
  info: EngineInfo | null;
  input: PrivateInput;
  userAgent: string;
  isolated: boolean;
}

export function reportOf(failure: Failure, context: ReportContext): ErrorReport {
  const { info } = context;
  return {
    app: 'pyregex',
    engine:
      info === null ? null : { python: info.python, pyodide: info.pyodide, pyregex: info.pyregex },
    source: failure.source,
    kind: failure.kind,
    message: scrub(failure.message, context.input),
    at: failure.at,
    userAgent: context.userAgent,
    isolated: context.isolated,
  };
}

/** Where the user's choice is kept, and the transport; both replaceable in tests. */
export interface ReporterEnvironment {
  /** Reads the saved choice; null when nothing is saved or storage is unavailable. */
  loadChoice(): boolean | null;
  saveChoice(on: boolean): void;
  /** Sends one report; must not throw. */
  send(endpoint: string, body: string): void;
}

const CHOICE_KEY = 'pyregex:error-reports';

/**
 * The browser's: the choice in localStorage, opened once on first use (openStorage: storage that
 * is missing or refuses writes means the choice lasts for this page only), and sendBeacon with a
 * text/plain body (a simple request: no preflight, no cookies sent cross-site, and it outlives the
 * page).
 */
export function browserReporterEnvironment(
  getStorage: StorageGetter = browserLocalStorage,
): ReporterEnvironment {
  let storage: Storage | null | undefined; // undefined: not opened yet; null: not usable
  const opened = (): Storage | null => {
    if (storage === undefined) storage = openStorage(getStorage).storage;
    return storage;
  };
  return {
    loadChoice() {
      const saved = opened()?.getItem(CHOICE_KEY) ?? null;
      return saved === null ? null : saved === 'on';
    },
    saveChoice(on) {
      try {
        opened()?.setItem(CHOICE_KEY, on ? 'on' : 'off');
      } catch {
        // Full since it was opened: the choice then lasts for this page only.
      }
    },
    send(endpoint, body) {
      try {
        navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
      } catch {
        // A report that cannot leave is dropped: reporting must never fail the page.
      }
    },
  };
}

/** The endpoint's host, as the panel names it ("errors.example.org"); '' for no endpoint. */
export function endpointHost(endpoint: string): string {
  return endpoint === '' ? '' : new URL(endpoint).host;
}
