/**
 * Links that other makers wrote, read by this page: every entry of tests/fixtures/permalinks/*.json
 * ({name, madeBy, fragment, session}) must decode to its session as normalizeSession leaves it,
 * with no problem reported, and encode again to a link that decodes the same. The Python core reads
 * the same files with its own decoder (py/pyregex/permalink.py), so each side reads the other's links.
 *
 * - v1-before-suites.json: links exactly as the page wrote them before sessions had `tests`; they
 *   must open with `tests` empty, on Python 3.14, and every other field as it was.
 * - v1-before-versions.json: links exactly as the page wrote them before sessions had `python`
 *   (page.json of edef871); they must open on Python 3.14, the version they ran on.
 * - page.json: links made by this page's encodeSession from PAGE_SESSIONS below. When the sessions
 *   here change, the file is stale and the test says so; rewrite it with
 *   `PYREGEX_WRITE_PERMALINK_FIXTURES=1 npx vitest run web/src/lib/state/permalinkFixtures.test.ts`.
 * - core.json: links made by the Python core's encoder (written by the Python tests).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFragment, encodeSession } from './permalink';
import { DEFAULT_SESSION, normalizeSession, pickSession, type Session } from './session';

const FIXTURES = fileURLToPath(new URL('../../../../tests/fixtures/permalinks/', import.meta.url));
const PAGE_FILE = path.join(FIXTURES, 'page.json');
const WRITE_VARIABLE = 'PYREGEX_WRITE_PERMALINK_FIXTURES';

interface FixtureEntry {
  name: string;
  madeBy: string;
  fragment: string;
  session: Record<string, unknown>;
}

/** A session on top of the default one. */
function session(fields: Partial<Session>): Session {
  return { ...DEFAULT_SESSION, ...fields };
}

/** Every kind of text a link must carry exactly. */
const TRICKY = {
  crlf: 'first line\r\nsecond line\r\n',
  loneCr: 'old Mac\rline ends\r',
  nul: 'a\0b\0',
  astral: '😀 𝔘 👍🏽 👨‍👩‍👧',
  loneHigh: 'x\ud800y',
  loneLow: '\udfffz',
  bomAndSeparators: '\ufeffa\u2028b\u2029c',
  quotes: `"double" 'single' \\back\\slash`,
};

/** The sessions page.json holds, one per thing a link must carry. */
const PAGE_SESSIONS: Array<{ name: string; session: Session }> = [
  {
    name: 'search with groups expected by number, by name, and not taking part (null)',
    session: session({
      pattern: String.raw`(?P<year>\d{4})-(\d\d)(-(?P<day>\d\d))?`,
      op: 'search',
      text: 'Released 2025-10-07.\n',
      replacement: '',
      python: '3.12',
      tests: [
        {
          text: 'on 2025-10-07',
          expect: 'match',
          groups: { year: '2025', '2': '10', day: '07' },
          name: 'full date',
        },
        {
          text: 'in 2025-10 only',
          expect: 'match',
          groups: { '0': '2025-10', '3': null, day: null },
          name: 'no day',
        },
        { text: 'no date here', expect: 'no match', name: 'none' },
      ],
    }),
  },
  {
    name: 'findall with expected outputs: tuples of groups, and nothing',
    session: session({
      pattern: String.raw`([a-z])(\d)`,
      flags: 'i',
      op: 'findall',
      text: 'a1 B2 c',
      python: '3.11',
      tests: [
        {
          text: 'a1 B2 c',
          expect: 'match',
          output: [
            ['a', '1'],
            ['B', '2'],
          ],
        },
        { text: 'abc', expect: 'no match', output: [] },
      ],
    }),
  },
  {
    name: 'sub with a template and count, expected output over several lines',
    session: session({
      pattern: String.raw`^(\w+)=(\w*)$`,
      flags: 'm',
      op: 'sub',
      text: 'a=1\r\nb=\r\n',
      replacement: String.raw`\2 <- \1`,
      count: 2,
      tests: [
        { text: 'a=1\nb=2\nc=3', expect: 'match', output: '1 <- a\n2 <- b\nc=3' },
        { text: 'x=\r\n', expect: 'no match', output: 'x=\r\n', name: 'CR is no line end' },
      ],
    }),
  },
  {
    name: 'subn with expected [string, count] outputs',
    session: session({
      pattern: 'a+',
      op: 'subn',
      text: 'caaandy',
      replacement: '-',
      python: '3.13',
      tests: [
        { text: 'caaandy aa', expect: 'match', output: ['c-ndy -', 2] },
        { text: 'xyz', expect: 'no match', output: ['xyz', 0] },
      ],
    }),
  },
  {
    name: 'split with maxsplit, expected outputs with null for a group that did not take part',
    session: session({
      pattern: '(,)|(;)',
      op: 'split',
      text: 'a,b;c',
      maxsplit: 3,
      deadlineMs: 100,
      python: '3.15',
      tests: [
        { text: 'a,b;c', expect: 'match', output: ['a', ',', null, 'b', null, ';', 'c'] },
        { text: 'abc', expect: 'no match', output: ['abc'] },
      ],
    }),
  },
  {
    name: 'multi-line and tricky texts in the session and in its cases, with tricky names',
    session: session({
      pattern: String.raw`(?s)\W+`,
      flags: 'msx',
      op: 'findall',
      text: Object.values(TRICKY).join('|'),
      replacement: TRICKY.loneHigh,
      deadlineMs: 300_000,
      tests: Object.entries(TRICKY).map(([name, text]) => ({
        text,
        expect: 'match' as const,
        name: `${name}: ${TRICKY.astral}${TRICKY.quotes}`,
      })),
    }),
  },
  {
    name: 'cases whose groups and names are lone surrogates, NUL and a key named __proto__',
    session: session({
      pattern: String.raw`(?P<__proto__>\ud800)|(\0)`,
      op: 'match',
      text: '\ud800\0',
      tests: [
        {
          text: '\ud800',
          expect: 'match',
          // fromEntries: an own key "__proto__", as JSON.parse makes it, not the prototype.
          groups: Object.fromEntries([
            ['__proto__', '\ud800'],
            ['2', null],
          ]),
          name: '\udc00 lone low',
        },
        { text: '\0', expect: 'match', groups: { '2': '\0' }, name: 'NUL\0name' },
        { text: '', expect: 'no match', name: '' },
      ],
    }),
  },
  {
    name: 'on 3.12 a pattern only 3.14 and later accept: the link keeps the version it ran on',
    session: session({ pattern: String.raw`a\z`, text: 'a', python: '3.12' }),
  },
  {
    name: 'no tests: the session as it was before suites, written by the new page',
    session: session({ pattern: 'x', text: 'xx', tests: [] }),
  },
];

/** page.json as this page writes it now. */
async function pageFixtures(): Promise<FixtureEntry[]> {
  const entries: FixtureEntry[] = [];
  for (const { name, session } of PAGE_SESSIONS) {
    const plain = pickSession(session) as unknown as Record<string, unknown>;
    entries.push({ name, madeBy: 'page', fragment: await encodeSession(session), session: plain });
  }
  return entries;
}

if (process.env[WRITE_VARIABLE] === '1') {
  // JSON.stringify writes lone surrogates as \udXXX escapes, so the file is valid UTF-8.
  writeFileSync(PAGE_FILE, `${JSON.stringify(await pageFixtures(), null, 2)}\n`);
}

function readFixtures(): Map<string, FixtureEntry[]> {
  const files = readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort();
  return new Map(
    files.map((file) => [
      file,
      JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as FixtureEntry[],
    ]),
  );
}

const fixtures = readFixtures();
const entries = [...fixtures].flatMap(([file, list]) =>
  list.map((entry, index) => ({ label: `${file} #${index + 1}: ${entry.name}`, file, entry })),
);

describe('permalink fixtures', () => {
  it('include the links made before suites, before versions, and the ones this page makes', () => {
    expect([...fixtures.keys()]).toEqual(
      expect.arrayContaining(['v1-before-suites.json', 'v1-before-versions.json']),
    );
    expect(fixtures.get('page.json'), `No page.json: rewrite it with ${WRITE_VARIABLE}=1`).toEqual(
      expect.any(Array),
    );
    for (const { label, entry } of entries) {
      expect(entry, label).toEqual({
        name: expect.any(String),
        madeBy: expect.any(String),
        fragment: expect.stringMatching(/^#v1=[A-Za-z0-9_-]+$/),
        session: expect.any(Object),
      });
    }
  });

  it('page.json holds the sessions listed here', async () => {
    const current = (await pageFixtures()).map(({ name, madeBy, session }) => ({
      name,
      madeBy,
      session,
    }));
    const stored = (fixtures.get('page.json') ?? []).map(({ name, madeBy, session }) => ({
      name,
      madeBy,
      session,
    }));
    // Compared as JSON, as the file holds them (lone surrogates and "__proto__" keys included).
    expect(
      JSON.stringify(stored),
      `tests/fixtures/permalinks/page.json is stale: rewrite it with ${WRITE_VARIABLE}=1 npx ` +
        'vitest run web/src/lib/state/permalinkFixtures.test.ts',
    ).toBe(JSON.stringify(current));
  });

  it.each(entries)('$label: decodes to its session', async ({ entry }) => {
    const normalized = normalizeSession(entry.session);
    // A fixture holds a valid session: nothing in it needs repairing.
    expect(normalized.problems).toEqual([]);
    expect(await decodeFragment(entry.fragment)).toEqual({
      kind: 'ok',
      session: normalized.session,
      problems: [],
    });
  });

  it.each(entries)('$label: encodes again to a link that decodes the same', async ({ entry }) => {
    const { session } = normalizeSession(entry.session);
    expect(await decodeFragment(await encodeSession(session))).toEqual({
      kind: 'ok',
      session,
      problems: [],
    });
  });

  it.each(entries.filter(({ file }) => file === 'v1-before-suites.json'))(
    '$label: an old link opens with no tests, on 3.14, and every other field as it was',
    async ({ entry }) => {
      expect(entry.session).not.toHaveProperty('tests');
      const decoded = await decodeFragment(entry.fragment);
      expect(decoded).toEqual({
        kind: 'ok',
        session: { ...entry.session, tests: [], python: '3.14' },
        problems: [],
      });
    },
  );

  it.each(entries.filter(({ file }) => file === 'v1-before-versions.json'))(
    '$label: a link made before versions opens on 3.14 with every other field as it was',
    async ({ entry }) => {
      expect(entry.session).not.toHaveProperty('python');
      expect(await decodeFragment(entry.fragment)).toEqual({
        kind: 'ok',
        session: { ...entry.session, python: '3.14' },
        problems: [],
      });
    },
  );

  it('page.json carries each shipped version, the default and the pre-release included', () => {
    const versions = new Set(
      (fixtures.get('page.json') ?? []).map(({ session }) => session.python),
    );
    expect([...versions].sort()).toEqual(['3.11', '3.12', '3.13', '3.14', '3.15']);
  });
});
