/**
 * The text "Use attack string" puts into the test string: the attack (prefix + pump × n + suffix)
 * with n taken from the evidence's own growth, large enough that CPython's engine would need far
 * more steps than any deadline allows (so the user watches the deadline stop it), yet capped so the
 * editor never holds a huge text. Also the attack in words ("'a' × n + 'b'").
 */
import type { RedosAttack, RedosResult } from '../engine/contract';

/**
 * Steps the attack should need. CPython's own engine runs roughly 10^8 steps a second in the
 * browser, so 10^10 is far past any deadline the page offers.
 */
export const TARGET_STEPS = 1e10;

/** The most characters an attack string may have (the pump is cut to fit). */
export const MAX_ATTACK_LENGTH = 50_000;

/** Repeats of the pump for `result`'s attack to need about TARGET_STEPS steps (capped), or null. */
export function attackRepeats(result: RedosResult): number | null {
  const { attack, evidence } = result;
  if (attack === null || attack.pump.length === 0 || evidence.length < 2) return null;
  const last = evidence[evidence.length - 1]!;
  const before = evidence[evidence.length - 2]!;
  let repeats: number;
  if (result.verdict === 'exponential') {
    // steps(n) ≈ steps(last) × ratio^(n - last), the ratio per added repeat fitted on the last two.
    const ratio = (last.steps / before.steps) ** (1 / Math.max(1, last.repeats - before.repeats));
    repeats =
      ratio > 1
        ? last.repeats + Math.log(TARGET_STEPS / last.steps) / Math.log(ratio)
        : last.repeats * 2;
  } else if (result.verdict === 'polynomial') {
    // steps(n) ≈ steps(last) × (n / last)^degree.
    const degree = Math.max(2, result.degree ?? 2);
    repeats = Math.max(1, last.repeats) * (TARGET_STEPS / last.steps) ** (1 / degree);
  } else {
    return null;
  }
  const room = MAX_ATTACK_LENGTH - attack.prefix.length - attack.suffix.length;
  const cap = Math.max(1, Math.floor(room / attack.pump.length));
  return Math.min(cap, Math.max(last.repeats + 1, Math.ceil(repeats)));
}

/** The attack string for `result` (see attackRepeats), or null when it has none. */
export function attackString(result: RedosResult): string | null {
  const repeats = attackRepeats(result);
  if (repeats === null || result.attack === null) return null;
  const { prefix, pump, suffix } = result.attack;
  return prefix + pump.repeat(repeats) + suffix;
}

/** A string as Python writes its literal: 'a', '\n', "it's". */
function quoted(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  return text.includes("'") && !text.includes('"')
    ? `"${escaped}"`
    : `'${escaped.replace(/'/g, "\\'")}'`;
}

/** The attack in words: "'a' × n + 'b'" (an empty prefix or suffix is left out). */
export function attackWords(attack: RedosAttack): string {
  const parts = [`${quoted(attack.pump)} × n`];
  if (attack.prefix !== '') parts.unshift(quoted(attack.prefix));
  if (attack.suffix !== '') parts.push(quoted(attack.suffix));
  return parts.join(' + ');
}
