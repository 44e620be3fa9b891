/**
 * The Reference panel's filter and its few words about versions: pure functions over the data, so
 * the panel filters as the user types without any engine, offline, and Vitest can check them.
 */
import type { ReferenceEntry, ReferenceGroup } from './reference';

/**
 * The groups whose entries match every word of `query` (case-insensitive) in their syntax,
 * meaning or group name, each with only those entries; every group for a blank query.
 */
export function searchReference(
  groups: readonly ReferenceGroup[],
  query: string,
): ReferenceGroup[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return [...groups];
  const found: ReferenceGroup[] = [];
  for (const group of groups) {
    const entries = group.entries.filter((entry) => {
      const haystack = `${entry.syntax}\n${entry.meaning}\n${group.name}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
    if (entries.length > 0) found.push({ ...group, entries });
  }
  return found;
}

/** The version notes an entry shows as text: "new in 3.14", "error from 3.13", "warns". */
export function versionNotes(entry: ReferenceEntry): string[] {
  const notes: string[] = [];
  if (entry.newIn !== undefined) notes.push(`new in ${entry.newIn}`);
  if (entry.until !== undefined) notes.push(`error from ${entry.until}`);
  if (entry.warning !== undefined) notes.push(`warns (${entry.warning.category})`);
  return notes;
}
