import { describe, expect, it } from 'vitest';
import { RUNTIMES } from '../engine/runtimes';
import { OLDEST_VERSION, REFERENCE_GROUPS, type ReferenceGroup } from './reference';
import { searchReference, versionNotes } from './referenceSearch';

const allEntries = REFERENCE_GROUPS.flatMap((group) => group.entries);
const syntaxes = (groups: ReferenceGroup[]) =>
  groups.flatMap((group) => group.entries.map((entry) => entry.syntax));
const versionNumber = (version: string) => version.split('.').map(Number) as [number, number];
const newer = (a: string, b: string) => {
  const [x, y] = [versionNumber(a), versionNumber(b)];
  return x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);
};

describe('the reference data', () => {
  it('has unique ids and every field an entry needs', () => {
    const ids = allEntries.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const group of REFERENCE_GROUPS) {
      expect(group.name).not.toBe('');
      expect(['pattern', 'replacement']).toContain(group.target);
      for (const entry of group.entries) {
        for (const field of ['syntax', 'meaning', 'insert', 'since'] as const) {
          expect(entry[field], `${entry.id}.${field}`).toMatch(/\S/);
        }
        expect(typeof entry.example.pattern, entry.id).toBe('string');
        expect(typeof entry.example.text, entry.id).toBe('string');
        if (group.target === 'replacement') {
          expect(typeof entry.example.replacement, entry.id).toBe('string');
          expect(typeof entry.example.output, entry.id).toBe('string');
        } else {
          expect(entry.example.match === null || typeof entry.example.match === 'string').toBe(
            true,
          );
        }
      }
    }
  });

  it('names only versions the page runs, oldest first', () => {
    const keys = RUNTIMES.map((runtime) => runtime.key);
    expect(OLDEST_VERSION).toBe(keys[0]);
    for (const entry of allEntries) {
      expect(keys, entry.id).toContain(entry.since);
      if (entry.until !== undefined) {
        expect(keys, entry.id).toContain(entry.until);
        expect(newer(entry.until, entry.since), entry.id).toBe(true);
      }
      // The badge rule of reference.json: newIn is since whenever since is newer than the oldest.
      if (newer(entry.since, OLDEST_VERSION)) expect(entry.newIn, entry.id).toBe(entry.since);
    }
  });
});

describe('searchReference', () => {
  it('keeps every group for a blank query', () => {
    expect(searchReference(REFERENCE_GROUPS, '  ')).toEqual([...REFERENCE_GROUPS]);
  });

  it('finds the possessive quantifiers by the word, in any case', () => {
    const found = syntaxes(searchReference(REFERENCE_GROUPS, 'POSSessive'));
    expect(found).toEqual(['*+', '++', '?+', '{m}+', '{m,n}+', '{m,}+', '{,n}+']);
  });

  it('matches the syntax itself', () => {
    const found = searchReference(REFERENCE_GROUPS, '\\g<');
    expect(found.map((group) => group.id)).toEqual(['replacement']);
    expect(syntaxes(found)).toEqual(['\\g<1>', '\\g<name>', '\\g<0>', '\\g<١>']);
  });

  it('matches the group name, and needs every word', () => {
    const lookarounds = searchReference(REFERENCE_GROUPS, 'lookarounds');
    expect(syntaxes(lookarounds)).toEqual(['(?=…)', '(?!…)', '(?<=…)', '(?<!…)']);
    expect(syntaxes(searchReference(REFERENCE_GROUPS, 'lookarounds negative'))).toEqual([
      '(?!…)',
      '(?<!…)',
    ]);
  });

  it('finds nothing for a word no entry has', () => {
    expect(searchReference(REFERENCE_GROUPS, 'possessive zebra')).toEqual([]);
  });
});

describe('versionNotes', () => {
  it('says new, removed and warning as words', () => {
    const byId = (id: string) => allEntries.find((entry) => entry.id === id)!;
    expect(versionNotes(byId('end-string-z'))).toEqual(['new in 3.14']);
    expect(versionNotes(byId('flag-t'))).toEqual(['error from 3.13']);
    expect(versionNotes(byId('repl-nonascii-digits'))).toEqual([
      'error from 3.12',
      'warns (DeprecationWarning)',
    ]);
    expect(versionNotes(byId('dollar'))).toEqual([]);
  });
});
