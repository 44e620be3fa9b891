/**
 * docs/permalink.md is read by people writing other tools, so its worked example must be true: the
 * fragment it shows decodes (with this page's decoder) to the JSON it shows, which is a session
 * the page keeps as it is, and its Python snippet, run by native CPython, reads the same session.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeFragment, fromBase64Url } from './permalink';
import { normalizeSession } from './session';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const doc = readFileSync(path.join(root, 'docs', 'permalink.md'), 'utf8');

/** The body of the first fenced block of `language` after `heading`. */
function block(heading: string, language: string): string {
  const section = doc.slice(doc.indexOf(`## ${heading}`));
  const found = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(section);
  if (found === null) throw new Error(`No \`\`\`${language} block under "## ${heading}"`);
  return found[1]!;
}

describe('docs/permalink.md', () => {
  const json = block('Worked example', 'json');
  const fragment = block('Worked example', 'text').trim();
  const session: unknown = JSON.parse(json);

  it('shows a session the page keeps as it is, and its true sizes', () => {
    expect(normalizeSession(session)).toEqual({ session, problems: [] });
    // The sizes the text gives: the JSON as the page writes it, and the deflated bytes.
    expect(new TextEncoder().encode(JSON.stringify(session))).toHaveLength(258);
    expect(fromBase64Url(fragment.slice('#v1='.length))).toHaveLength(173);
  });

  it('shows a fragment that decodes to that session', async () => {
    expect(fragment).toMatch(/^#v1=[A-Za-z0-9_-]+$/);
    expect(await decodeFragment(fragment)).toEqual({ kind: 'ok', session, problems: [] });
  });

  it('has a Python snippet that reads the same session from the same link', () => {
    const snippet = block('Decoding in Python', 'python');
    expect(snippet).toContain(fragment);
    const venv = path.join(root, '.venv', 'bin', 'python');
    const out = execFileSync(existsSync(venv) ? venv : 'python3', ['-'], {
      input: `${snippet}\nprint(json.dumps(session))\n`,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(session);
  });
});
