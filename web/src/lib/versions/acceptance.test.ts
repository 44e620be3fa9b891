import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../engine/runtimes';
import { acceptanceNote, acceptanceOf, compileOnly, listVersions } from './acceptance';
import type { VersionRow } from './comparison.svelte';
import type { RunSummary } from './outcome';

const ok: RunSummary = {
  kind: 'result',
  count: 1,
  spans: [[0, 1]],
  groupSpans: [[0, 1]],
  repr: "'a'",
  truncated: false,
  warnings: [],
};
const badEscape: RunSummary = {
  kind: 'error',
  type: 'error',
  where: 'pattern',
  message: 'bad escape \\z at position 1',
  pos: 1,
};

/** Rows for 3.11…3.15 with the given runs (undefined: not asked), 3.14 selected by default. */
function rows(runs: (RunSummary | undefined)[], selected = '3.14'): VersionRow[] {
  return RUNTIMES.map((runtime, i) => {
    const run = runs[i];
    return {
      runtime,
      selected: runtime.key === selected,
      asked: run !== undefined,
      loading: false,
      progress: null,
      failed: null,
      outcome: { run: run ?? { kind: 'pending' }, suite: null },
      difference: null,
    };
  });
}

describe('which versions accept a pattern', () => {
  it('names the versions that accept what the selected one rejects', () => {
    const acceptance = acceptanceOf(rows([badEscape, badEscape, badEscape, ok, ok], '3.12'));
    expect(acceptance?.accepting).toEqual(['3.14', '3.15']);
    expect(acceptanceNote(acceptance)).toBe('Python 3.14 and 3.15 accept this pattern.');
  });

  it('names the versions that reject what the selected one accepts, with their reason', () => {
    const acceptance = acceptanceOf(rows([badEscape, badEscape, badEscape, ok, ok]));
    expect(acceptanceNote(acceptance)).toBe(
      'Python 3.11, 3.12 and 3.13 reject this pattern: bad escape \\z at position 1.',
    );
  });

  it('says nothing when the checked versions agree, and lists those not checked', () => {
    const acceptance = acceptanceOf(rows([undefined, undefined, badEscape, badEscape, undefined]));
    expect(acceptanceNote(acceptance)).toBeNull();
    expect(acceptance?.unchecked).toEqual(['3.11', '3.12', '3.15']);
    expect(acceptanceNote(acceptanceOf(rows([ok, ok, ok, ok, ok])))).toBeNull();
  });

  it('does not count an error in the replacement as rejecting the pattern', () => {
    const template: RunSummary = { ...badEscape, where: 'replacement', message: 'bad escape \\q' };
    const acceptance = acceptanceOf(rows([template, ok, ok, ok, ok]));
    expect(acceptance?.accepting).toContain('3.11');
    expect(acceptanceNote(acceptance)).toBeNull();
  });

  it('waits for the selected version', () => {
    expect(acceptanceOf(rows([ok, ok, ok, undefined, ok]))).toBeNull();
  });

  it('lists versions as a sentence does', () => {
    expect(listVersions(['3.14'])).toBe('3.14');
    expect(listVersions(['3.11', '3.12', '3.13'])).toBe('3.11, 3.12 and 3.13');
  });
});

describe('the request other versions run', () => {
  it('keeps the pattern, flags and op, and drops the text', () => {
    expect(
      compileOnly({
        pattern: 'a\\z',
        text: 'x'.repeat(1000),
        op: 'sub',
        flags: 'i',
        replacement: 'b',
      }),
    ).toEqual({ pattern: 'a\\z', text: '', op: 'sub', flags: 'i', replacement: 'b' });
  });
});
