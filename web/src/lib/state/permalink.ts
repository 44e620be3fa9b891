/**
 * The one parse/serialise pair for permalinks: a Session in the URL fragment as
 * `#v1=<base64url of deflate-raw compressed JSON>`. No server is involved; the fragment never
 * leaves the browser.
 *
 * `decodeFragment` reads hostile input: it must never throw, never buffer more than the caps below
 * (a small link can inflate to gigabytes), and never hand back a session that did not pass
 * `normalizeSession`. This module never touches `location` or `history`; the caller does.
 *
 * Exactness: JSON.stringify writes lone surrogates as `\udXXX` escapes (ES2019), so the UTF-8 bytes
 * are always well formed and every string, including CRLF, lone CR, NUL and astral characters,
 * comes back unit for unit.
 */
import { normalizeSession, pickSession, type Session } from './session';

/** The fragment format this page writes, and the only one it reads. */
export const PERMALINK_VERSION = 1;

/** Longest fragment read or written, in characters (browsers cap URLs at about 2 MB). */
export const MAX_FRAGMENT_CHARS = 1_500_000;

/** Largest session JSON read or written, in UTF-8 bytes. */
export const MAX_JSON_BYTES = 2 * 1024 * 1024;

/** Compressed bytes fed to the decompressor at a time: bounds what one step can inflate to. */
const INPUT_SLICE_BYTES = 1024;

export type DecodedFragment =
  | { kind: 'none' }
  | { kind: 'ok'; session: Session; problems: string[] }
  | { kind: 'error'; message: string };

/** encodeSession's refusal of a session too large to share as a link. */
export class PermalinkTooLargeError extends Error {
  override name = 'PermalinkTooLargeError';
  constructor(
    /** Which limit was hit: the session's JSON or the compressed fragment. */
    readonly limit: 'json' | 'fragment',
    readonly size: number,
    readonly max: number,
  ) {
    super(
      limit === 'json'
        ? `The session is too large to share as a link (${formatSize(size)}; the limit is ` +
            `${formatSize(max)}).`
        : `The session is too large to share as a link (the link would be ${formatCount(size)} ` +
            `characters; the limit is ${formatCount(max)}).`,
    );
  }
}

/**
 * The fragment (with its leading '#') that restores `session`. Rejects with a
 * PermalinkTooLargeError when the link would exceed what decodeFragment accepts.
 */
export async function encodeSession(session: Session): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(pickSession(session)));
  if (json.length > MAX_JSON_BYTES) {
    throw new PermalinkTooLargeError('json', json.length, MAX_JSON_BYTES);
  }
  const compressed = await readAll(
    sliceStream(json).pipeThrough(new CompressionStream('deflate-raw')),
  );
  const fragment = `v${PERMALINK_VERSION}=${toBase64Url(compressed)}`;
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    throw new PermalinkTooLargeError('fragment', fragment.length, MAX_FRAGMENT_CHARS);
  }
  return `#${fragment}`;
}

/**
 * Reads a URL fragment (`location.hash`, with or without '#'). An empty fragment is `none`;
 * anything else is either a normalised session (with the repairs made, if any) or one clear
 * sentence saying why the link cannot be read. Never throws.
 */
export async function decodeFragment(hash: string): Promise<DecodedFragment> {
  try {
    return await decode(hash);
  } catch {
    // Every expected failure is handled in decode(); this only guards against the unforeseen.
    return fail('This link could not be read.');
  }
}

async function decode(hash: string): Promise<DecodedFragment> {
  let fragment = typeof hash === 'string' ? hash.replace(/^#/, '') : '';
  if (fragment === '') return { kind: 'none' };
  if (fragment.length > MAX_FRAGMENT_CHARS) {
    return fail(
      `This link is too long to open (${formatCount(fragment.length)} characters after '#'; ` +
        `the limit is ${formatCount(MAX_FRAGMENT_CHARS)}).`,
    );
  }
  // Some apps percent-encode the '=' when they pass a link on; our own payload never has a '%'.
  if (fragment.includes('%')) fragment = safeDecodeURIComponent(fragment) ?? fragment;

  const header = /^v(\d{1,6})=/.exec(fragment);
  if (header === null) {
    const versionOnly = /^v(\d{1,6})$/.exec(fragment);
    if (versionOnly !== null) {
      return fail(`This link holds no data after #v${versionOnly[1]} — it was cut off.`);
    }
    return fail(
      `This link's fragment (#${preview(fragment)}) is not a pyregex permalink, which ` +
        `starts with #v${PERMALINK_VERSION}=.`,
    );
  }
  const version = Number(header[1]);
  if (version !== PERMALINK_VERSION) {
    return fail(
      version > PERMALINK_VERSION
        ? `This link uses permalink format v${version}, made by a newer pyregex; this page ` +
            `reads only v${PERMALINK_VERSION} links. Reload to get the latest page.`
        : `This link uses permalink format v${version}, which pyregex never wrote; this page ` +
            `reads only v${PERMALINK_VERSION} links.`,
    );
  }

  const payload = fragment.slice(header[0].length);
  if (payload === '') {
    return fail(`This link holds no data after #v${version}= — it was cut off.`);
  }
  const bytes = fromBase64Url(payload);
  if (typeof bytes === 'string') return fail(bytes);

  const inflated = await inflateBounded(bytes, MAX_JSON_BYTES);
  if (inflated === 'too-large') {
    return fail(
      `This link's session is larger than ${formatSize(MAX_JSON_BYTES)} when unpacked, more ` +
        `than pyregex opens.`,
    );
  }
  if (inflated === 'damaged') return fail(DAMAGED);

  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(inflated);
  } catch {
    return fail(DAMAGED);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fail(DAMAGED);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail('This link does not hold a pyregex session.');
  }
  const { session, problems } = normalizeSession(parsed);
  return { kind: 'ok', session, problems };
}

const DAMAGED =
  'This link is damaged or incomplete: its data could not be unpacked. It may have been cut off ' +
  'or changed when it was copied.';

function fail(message: string): DecodedFragment {
  return { kind: 'error', message };
}

// ---- streams ------------------------------------------------------------------------------------

/** A pull-driven stream over `bytes` in small slices, so downstream backpressure is respected. */
function sliceStream(bytes: Uint8Array): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        const end = Math.min(offset + INPUT_SLICE_BYTES, bytes.length);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
    },
    { highWaterMark: 0 },
  );
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return concat(chunks);
}

/**
 * Inflates deflate-raw data, stopping (and cancelling the decompressor) as soon as the output
 * passes `max` bytes, so a zip bomb costs at most one input slice's worth of output over the cap.
 */
async function inflateBounded(
  bytes: Uint8Array,
  max: number,
): Promise<Uint8Array | 'too-large' | 'damaged'> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = sliceStream(bytes).pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  } catch {
    return 'damaged';
  }
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'damaged';
  }
  return concat(chunks);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// ---- base64url (RFC 4648 §5, no padding) --------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

export function toBase64Url(bytes: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    line += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
    if (b !== undefined) line += ALPHABET[(n >> 6) & 63]!;
    if (c !== undefined) line += ALPHABET[n & 63]!;
    if (line.length >= 8192) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}

/** The decoded bytes, or a sentence saying what is wrong with the text. Accepts '=' padding. */
export function fromBase64Url(text: string): Uint8Array | string {
  const body = text.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code >= 128 || VALUES[code] === -1) {
      return (
        `This link is damaged: it contains ${JSON.stringify(body[i])} at position ${i + 1} of ` +
        `its data, which a pyregex link never has.`
      );
    }
  }
  if (body.length % 4 === 1) {
    return 'This link is incomplete: its data stops partway through a character. It was cut off.';
  }
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < body.length; i += 4) {
    const n =
      (VALUES[body.charCodeAt(i)]! << 18) |
      (VALUES[body.charCodeAt(i + 1)]! << 12) |
      ((i + 2 < body.length ? VALUES[body.charCodeAt(i + 2)]! : 0) << 6) |
      (i + 3 < body.length ? VALUES[body.charCodeAt(i + 3)]! : 0);
    out[o++] = n >> 16;
    if (i + 2 < body.length) out[o++] = (n >> 8) & 255;
    if (i + 3 < body.length) out[o++] = n & 255;
  }
  return out;
}

// ---- messages -----------------------------------------------------------------------------------

function safeDecodeURIComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** The start of an untrusted fragment, short enough for a notice. */
function preview(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
