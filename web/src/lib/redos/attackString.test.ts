/** The attack string's size follows the evidence's growth, capped; and the attack in words. */
import { describe, expect, it } from 'vitest';
import type { RedosResult } from '../engine/contract';
import {
  MAX_ATTACK_LENGTH,
  TARGET_STEPS,
  attackRepeats,
  attackString,
  attackWords,
} from './attackString';

const exponential: RedosResult = {
  verdict: 'exponential',
  degree: null,
  attack: { prefix: '', pump: 'a', suffix: 'b' },
  evidence: [
    { repeats: 10, steps: 10_000 },
    { repeats: 11, steps: 20_000 },
  ],
  construct16: [0, 5],
  explanation: '',
  hint: null,
};

describe('attackRepeats', () => {
  it('extrapolates an exponential growth to the target', () => {
    const n = attackRepeats(exponential)!;
    expect(20_000 * 2 ** (n - 11)).toBeGreaterThanOrEqual(TARGET_STEPS);
    expect(20_000 * 2 ** (n - 12)).toBeLessThan(TARGET_STEPS);
    expect(attackString(exponential)).toBe('a'.repeat(n) + 'b');
  });

  it('extrapolates a polynomial growth by its degree, capped in length', () => {
    const quadratic: RedosResult = {
      ...exponential,
      verdict: 'polynomial',
      degree: 2,
      attack: { prefix: 'x', pump: 'ab', suffix: '!' },
      evidence: [
        { repeats: 64, steps: 4096 },
        { repeats: 128, steps: 16_384 },
      ],
    };
    const n = attackRepeats(quadratic)!;
    expect(n).toBe(Math.floor((MAX_ATTACK_LENGTH - 2) / 2)); // 128 × sqrt(10^10 / 16384) is more
    expect(attackString(quadratic)!.length).toBeLessThanOrEqual(MAX_ATTACK_LENGTH);
    const cubic = { ...quadratic, degree: 3 };
    expect(attackRepeats(cubic)).toBe(Math.ceil(128 * (TARGET_STEPS / 16_384) ** (1 / 3)));
  });

  it('has no attack for a safe verdict or without evidence', () => {
    expect(attackRepeats({ ...exponential, verdict: 'safe' })).toBeNull();
    expect(attackRepeats({ ...exponential, evidence: [] })).toBeNull();
    expect(attackString({ ...exponential, attack: null })).toBeNull();
  });
});

describe('attackWords', () => {
  it('writes the attack as Python literals', () => {
    expect(attackWords({ prefix: '', pump: 'a', suffix: 'b' })).toBe("'a' × n + 'b'");
    expect(attackWords({ prefix: '<', pump: '\t', suffix: '' })).toBe("'<' + '\\t' × n");
    expect(attackWords({ prefix: '', pump: "'", suffix: '' })).toBe(`"'" × n`);
  });
});
