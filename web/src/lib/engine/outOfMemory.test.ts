/**
 * Which failures count as the engine running out of memory: the wording of each runtime that can
 * report it (Python, V8, SpiderMonkey, JavaScriptCore, Emscripten), and failures that must not.
 */
import { describe, expect, it } from 'vitest';
import {
  engineOutOfMemory,
  formatBytes,
  isEngineOutOfMemory,
  isOutOfMemoryFailure,
  saysOutOfMemory,
} from './outOfMemory';

describe('saysOutOfMemory', () => {
  it.each([
    'MemoryError',
    'PythonError: Traceback (most recent call last):\nMemoryError: when serializing dict item',
    'RangeError: Invalid string length',
    'RangeError: Array buffer allocation failed',
    'InternalError: out of memory',
    'RangeError: Out of memory',
    'Aborted(Cannot enlarge memory arrays to size 4294967296 bytes (OOM))',
    'RangeError: Invalid typed array length: 4294967296',
  ])('%s → yes', (text) => {
    expect(saysOutOfMemory(text)).toBe(true);
  });

  it.each([
    'RuntimeError: memory access out of bounds',
    'RangeError: Maximum call stack size exceeded',
    'wasm trap: unreachable',
    'RecursionError: maximum recursion depth exceeded',
    'Boom',
  ])('%s → no', (text) => {
    expect(saysOutOfMemory(text)).toBe(false);
  });
});

describe('isOutOfMemoryFailure', () => {
  it("knows Pyodide's PythonError by its Python type, whatever the message", () => {
    const error = Object.assign(new Error('Traceback ...'), { type: 'MemoryError' });
    expect(isOutOfMemoryFailure(error)).toBe(true);
    const other = Object.assign(new Error('Traceback ...'), { type: 'ValueError' });
    expect(isOutOfMemoryFailure(other)).toBe(false);
  });

  it('knows JavaScript failing to hold an answer', () => {
    expect(isOutOfMemoryFailure(new RangeError('Invalid string length'))).toBe(true);
    expect(isOutOfMemoryFailure(new RangeError('Maximum call stack size exceeded'))).toBe(false);
  });

  it('ignores what is not an Error', () => {
    expect(isOutOfMemoryFailure('MemoryError')).toBe(false);
    expect(isOutOfMemoryFailure(null)).toBe(false);
  });
});

describe('engineOutOfMemory', () => {
  it('names the error and keeps the last line of the cause', () => {
    const error = engineOutOfMemory(
      new Error('Traceback (most recent call last):\n  ...\nMemoryError'),
    );
    expect(isEngineOutOfMemory(error)).toBe(true);
    expect(error.message).toBe('The Python engine ran out of memory: MemoryError');
    expect(isOutOfMemoryFailure(error)).toBe(true);
    expect(isEngineOutOfMemory(new Error('The Python engine ran out of memory'))).toBe(false);
  });
});

describe('formatBytes', () => {
  it('says GB from a billion bytes, MB below', () => {
    expect(formatBytes(2_147_483_648)).toBe('2.1 GB');
    expect(formatBytes(31_457_280)).toBe('31 MB');
  });
});
