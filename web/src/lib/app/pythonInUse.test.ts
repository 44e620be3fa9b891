import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../engine/contract';
import { pythonInUse } from './pythonInUse';

function info(python: string): EngineInfo {
  return {
    python,
    pyregex: '0.1.0',
    pyodide: '0.27.7',
    boot: { from: 'fresh', problem: null },
  };
}

describe('pythonInUse', () => {
  it("is the engine's own version once it has started", () => {
    expect(pythonInUse(info('3.12.7 (main, Jan  1 2025) [Clang 19]'), '3.12')).toBe('3.12.7');
    expect(pythonInUse(info('3.15.0rc1 (main) [Clang]'), '3.15')).toBe('3.15.0rc1');
  });

  it('is the version runtimes.json names while the engine starts', () => {
    expect(pythonInUse(null, '3.12')).toBe('3.12.7');
    expect(pythonInUse(null, '3.11')).toBe('3.11.3');
    expect(pythonInUse(null, '3.15')).toBe('3.15.0rc1');
  });

  it('is the key itself for a version runtimes.json does not list', () => {
    expect(pythonInUse(null, '3.99')).toBe('3.99');
  });
});
