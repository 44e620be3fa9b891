import { describe, expect, it, vi } from 'vitest';
import {
  MAX_FRAGMENT_CHARS,
  MAX_JSON_BYTES,
  PermalinkTooLargeError,
  decodeFragment,
  encodeSession,
  fromBase64Url,
  toBase64Url,
  type DecodedFragment,
} from './permalink';
import { DEFAULT_SESSION, normalizeSession, type Session } from './session';
import { randomSession, seededRandom } from './testing';

async function deflate(
  bytes: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array> {
  const source = bytes instanceof Uint8Array ? new Blob([bytes]).stream() : bytes;
  const compressed = source.pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

/** A v1 link around arbitrary bytes, compressed as a real link would be. */
async function linkFor(content: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return `#v1=${toBase64Url(await deflate(bytes))}`;
}

async function roundTrip(session: Session): Promise<DecodedFragment> {
  return decodeFragment(await encodeSession(session));
}

function expectError(result: DecodedFragment, message: RegExp): void {
  expect(result.kind).toBe('error');
  if (result.kind === 'error') expect(result.message).toMatch(message);
}

describe('encodeSession / decodeFragment round trip', () => {
  it('restores the default session', async () => {
    expect(await roundTrip({ ...DEFAULT_SESSION })).toEqual({
      kind: 'ok',
      session: DEFAULT_SESSION,
      problems: [],
    });
  });

  it('writes a versioned, URL-safe fragment', async () => {
    const hash = await encodeSession({ ...DEFAULT_SESSION });
    expect(hash).toMatch(/^#v1=[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['CRLF', 'a\r\nb\r\n'],
    ['lone CR', 'a\rb\r'],
    ['tabs and a trailing newline', '\ta\t\n'],
    ['NUL', 'a\0b\0'],
    ['astral characters', '😀𝔘👍🏽 family: 👨‍👩‍👧'],
    ['a lone high surrogate', 'x\ud800y'],
    ['a lone low surrogate', '\udfffx'],
    ['reversed surrogates', '\udc00\ud800'],
    ['a BOM and line separators', '\ufeff\u2028\u2029'],
    ['the empty string', ''],
  ])('keeps %s exactly, code unit for code unit', async (_name, text) => {
    const session: Session = { ...DEFAULT_SESSION, text, pattern: text, replacement: text };
    const result = await roundTrip(session);
    expect(result).toEqual({ kind: 'ok', session, problems: [] });
    if (result.kind === 'ok') {
      expect([...result.session.text].map((c) => c.charCodeAt(0))).toEqual(
        [...text].map((c) => c.charCodeAt(0)),
      );
    }
  });

  it('restores 300 random sessions exactly (astral, lone surrogates, CRLF, NUL)', async () => {
    const random = seededRandom(20_251_123);
    for (let i = 0; i < 300; i++) {
      const session = randomSession(random);
      expect(await roundTrip(session), `case ${i}`).toEqual({ kind: 'ok', session, problems: [] });
    }
  });

  it('serialises only the session fields', async () => {
    const withExtra = { ...DEFAULT_SESSION, secret: 'x' } as Session;
    expect(await roundTrip(withExtra)).toEqual({
      kind: 'ok',
      session: DEFAULT_SESSION,
      problems: [],
    });
  });

  it('accepts the fragment without "#", with padding, and with a percent-encoded "="', async () => {
    const hash = await encodeSession({ ...DEFAULT_SESSION, text: 'x' });
    const expected = { kind: 'ok', session: { ...DEFAULT_SESSION, text: 'x' }, problems: [] };
    expect(await decodeFragment(hash.slice(1))).toEqual(expected);
    expect(await decodeFragment(hash.replace('=', '%3D'))).toEqual(expected);
    const payload = hash.slice(4);
    const padded = payload + '='.repeat((4 - (payload.length % 4)) % 4);
    expect(await decodeFragment(`#v1=${padded}`)).toEqual(expected);
  });
});

describe('decodeFragment failures', () => {
  it.each(['', '#'])('reports no permalink for %j', async (hash) => {
    expect(await decodeFragment(hash)).toEqual({ kind: 'none' });
  });

  it('names an unknown newer version', async () => {
    const hash = (await encodeSession({ ...DEFAULT_SESSION })).replace('#v1=', '#v2=');
    expectError(await decodeFragment(hash), /permalink format v2, made by a newer pyregex.*v1/);
    expectError(await decodeFragment('#v37=abc'), /format v37/);
  });

  it('names a version that never existed', async () => {
    expectError(await decodeFragment('#v0=AAAA'), /format v0, which pyregex never wrote/);
  });

  it('says when the fragment is not a permalink at all', async () => {
    expectError(await decodeFragment('#matches'), /\(#matches\) is not a pyregex permalink/);
    expectError(await decodeFragment(`#${'x'.repeat(500)}`), /\(#x{24}…\) is not a pyregex/);
  });

  it.each(['#v1', '#v1='])('says %s was cut off', async (hash) => {
    expectError(await decodeFragment(hash), /holds no data after #v1=? — it was cut off/);
  });

  it('points at a character that cannot be in a link', async () => {
    expectError(await decodeFragment('#v1=abc$def'), /contains "\$" at position 4 of its data/);
    expectError(await decodeFragment('#v1=ab+/'), /contains "\+" at position 3/);
    expectError(await decodeFragment('#v1=ab\u00e9'), /contains "é" at position 3/);
  });

  it('says when the base64 stops mid-byte', async () => {
    expectError(await decodeFragment('#v1=abcde'), /incomplete: its data stops partway/);
  });

  it('reports damaged compressed data', async () => {
    expectError(
      await decodeFragment('#v1=____AAAA'),
      /damaged or incomplete.*could not be unpacked/,
    );
  });

  it('reports every truncation of a link as an error, never as a session', async () => {
    const hash = await encodeSession({ ...DEFAULT_SESSION, text: 'some text\r\n😀' });
    for (let end = 5; end < hash.length; end++) {
      const result = await decodeFragment(hash.slice(0, end));
      expect(result.kind, `cut at ${end}`).toBe('error');
    }
  });

  it('never throws on garbled links, and only ever returns normalised sessions', async () => {
    const random = seededRandom(99);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const hash = await encodeSession({ ...DEFAULT_SESSION });
    for (let i = 0; i < 300; i++) {
      const chars = [...hash];
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) {
        const at = 4 + Math.floor(random() * (chars.length - 4));
        chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
      }
      const result = await decodeFragment(chars.join(''));
      expect(['ok', 'error']).toContain(result.kind);
      if (result.kind === 'ok') expect(normalizeSession(result.session).problems).toEqual([]);
    }
  });

  it('rejects data that is not UTF-8', async () => {
    expectError(await decodeFragment(await linkFor(new Uint8Array([0x7b, 0xff, 0x7d]))), /damaged/);
  });

  it('rejects data that is not JSON', async () => {
    expectError(await decodeFragment(await linkFor('{"pattern": ')), /damaged/);
  });

  it.each(['[1,2]', '"text"', 'null', '42'])(
    'rejects JSON %s that is not a session',
    async (json) => {
      expectError(await decodeFragment(await linkFor(json)), /does not hold a pyregex session/);
    },
  );

  it('repairs valid JSON with bad or unknown fields through normalizeSession', async () => {
    const json = JSON.stringify({
      pattern: 'a',
      op: 'explode',
      count: -5,
      flags: 'iq',
      text: { toString: 1 },
      tests: [{ text: 'x' }],
      versions: ['3.12'],
    });
    const result = await decodeFragment(await linkFor(json));
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.session).toEqual({ ...DEFAULT_SESSION, pattern: 'a', flags: 'i' });
    expect(result.problems).toEqual([
      'Ignored unknown flag letter "q" in "flags".',
      expect.stringMatching(/^"op" should be one of/),
      expect.stringMatching(/^"text" should be text but is an object/),
      expect.stringMatching(/^"count" should be a whole number/),
      'Dropped test case 1: its "expect" should be "match" or "no match" but is undefined.',
      'Ignored unknown field "versions".',
    ]);
  });
});

describe('size caps', () => {
  it('refuses an over-long fragment before decoding it', async () => {
    const hash = `#v1=${'A'.repeat(MAX_FRAGMENT_CHARS)}`;
    expectError(
      await decodeFragment(hash),
      /too long to open \(1,500,003 characters after '#'; the limit is 1,500,000\)/,
    );
  });

  it('stops inflating a zip bomb at the cap', async () => {
    // 256 MB of zeros compresses to about 250 KB; the decoder must stop after about 2 MB.
    const chunk = new Uint8Array(1024 * 1024);
    let left = 256;
    const zeros = new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull(controller) {
        if (left-- > 0) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const bomb = `#v1=${toBase64Url(await deflate(zeros))}`;
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    // Count what the real decompressor hands out, to prove decoding stops near the cap.
    const Real = globalThis.DecompressionStream;
    let inflated = 0;
    class CountingDecompressionStream {
      readonly writable: WritableStream<BufferSource>;
      readonly readable: ReadableStream<Uint8Array>;
      constructor(format: CompressionFormat) {
        const real = new Real(format);
        this.writable = real.writable;
        this.readable = real.readable.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              inflated += chunk.length;
              controller.enqueue(chunk);
            },
          }),
        );
      }
    }
    vi.stubGlobal('DecompressionStream', CountingDecompressionStream);
    try {
      expectError(await decodeFragment(bomb), /larger than 2 MB when unpacked/);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(inflated).toBeGreaterThan(MAX_JSON_BYTES);
    expect(inflated).toBeLessThan(MAX_JSON_BYTES + 2 * 1024 * 1024);
  });

  it('opens a session just under the unpacked cap', async () => {
    const overhead = JSON.stringify({ ...DEFAULT_SESSION, text: '' }).length;
    const session = { ...DEFAULT_SESSION, text: 'a'.repeat(MAX_JSON_BYTES - overhead) };
    const result = await roundTrip(session);
    expect(result.kind).toBe('ok');
    if (result.kind === 'ok') expect(result.session.text.length).toBe(session.text.length);
  });

  it('refuses to encode a session whose JSON exceeds the cap', async () => {
    const session = { ...DEFAULT_SESSION, text: 'a'.repeat(MAX_JSON_BYTES) };
    const error = await encodeSession(session).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermalinkTooLargeError);
    expect(error).toMatchObject({ limit: 'json', max: MAX_JSON_BYTES });
    expect((error as Error).message).toMatch(
      /too large to share as a link \(2 MB; the limit is 2 MB\)/,
    );
  });

  it('refuses to encode a session whose compressed link exceeds the cap', async () => {
    const random = seededRandom(1);
    let text = '';
    for (let i = 0; i < 1_600_000; i++)
      text += String.fromCharCode(0x21 + Math.floor(random() * 90));
    const error = await encodeSession({ ...DEFAULT_SESSION, text }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermalinkTooLargeError);
    expect(error).toMatchObject({ limit: 'fragment', max: MAX_FRAGMENT_CHARS });
    expect((error as Error).message).toMatch(/the link would be [\d,]+ characters/);
  });
});

describe('base64url', () => {
  it('round-trips every length and byte value', () => {
    const random = seededRandom(3);
    for (let length = 0; length < 70; length++) {
      const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
  });
});
