import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../engine/contract';
import type { RunOutcome } from '../engine/engineClient.svelte';
import type { Lifecycle } from '../engine/lifecycle';
import { bootDescription, engineStatus, loadingProgress, pythonVersion } from './engineStatus';

const info: EngineInfo = {
  python: '3.14.2 (main, Jan 1 2026)',
  pyodide: '314.0.7',
  pyregex: '0.1.0',
  boot: { from: 'fresh', problem: null },
};
const ready: Lifecycle = { kind: 'ready', attempt: 1, info };
const stopped: RunOutcome = {
  kind: 'stopped',
  id: 5,
  request: { pattern: '(a+)+$', text: 'aaab', op: 'search' },
  afterMs: 2000,
  how: 'interrupt',
  cause: 'deadline',
};

describe('engineStatus', () => {
  it('names the version that loads when it is given', () => {
    const loading = { kind: 'loading', attempt: 1, progress: null } as const;
    expect(engineStatus(loading, null, 0).label).toBe('Loading Python…');
    expect(engineStatus(loading, null, 0, '3.12')).toEqual({
      kind: 'loading',
      label: 'Loading Python 3.12…',
    });
  });

  it('says so while a failed start is tried once more', () => {
    const again = { kind: 'loading', attempt: 2, progress: null, retryOf: 'trap' } as const;
    expect(engineStatus(again, null, 0)).toEqual({
      kind: 'loading',
      label: 'Loading Python again (the first start failed)…',
    });
    expect(engineStatus(again, null, 0, '3.12').label).toBe(
      'Loading Python 3.12 again (the first start failed)…',
    );
  });

  it('names every state the page shows', () => {
    expect(engineStatus({ kind: 'loading', attempt: 1, progress: null }, null, 0).kind).toBe(
      'loading',
    );
    expect(engineStatus(ready, null, 0)).toEqual({ kind: 'ready', label: 'Ready' });
    expect(
      engineStatus({ kind: 'running', attempt: 1, info, runId: 1, startedAt: 0 }, null, 1).label,
    ).toBe('Running…');
    expect(
      engineStatus(
        {
          kind: 'interrupting',
          attempt: 1,
          info,
          runId: 1,
          startedAt: 0,
          via: 'buffer',
          cause: 'user',
        },
        null,
        1,
      ).kind,
    ).toBe('stopping');
    expect(
      engineStatus({ kind: 'restarting', attempt: 2, reason: 'deadline', detail: null }, null, 1)
        .kind,
    ).toBe('restarting');
    expect(
      engineStatus({ kind: 'failed', attempt: 1, error: 'no wasm', canRetry: true }, null, 1).label,
    ).toContain('no wasm');
  });

  it('names only the exception of a traceback when the engine cannot start', () => {
    const error =
      'Traceback (most recent call last):\n  File "<exec>", line 2, in <module>\n' +
      "ModuleNotFoundError: No module named 'pyregex.bridge'\n";
    expect(engineStatus({ kind: 'failed', attempt: 1, error, canRetry: true }, null, 0).label).toBe(
      "The engine could not start: ModuleNotFoundError: No module named 'pyregex.bridge'",
    );
  });

  it('says the last run was stopped while it is the newest', () => {
    expect(engineStatus(ready, stopped, 5)).toEqual({
      kind: 'stopped',
      label: 'Ready (last run stopped)',
    });
    expect(engineStatus(ready, stopped, 6).kind).toBe('ready');
  });
});

describe('loadingProgress', () => {
  it('names the file and its bytes while loading', () => {
    const progress = loadingProgress({
      kind: 'loading',
      attempt: 1,
      progress: {
        label: 'Python runtime',
        file: 'pyodide.asm.wasm',
        loaded: 2_100_000,
        total: 9_600_000,
      },
    });
    expect(progress?.text).toBe('Python runtime 2.1 / 9.6 MB');
    expect(progress?.fraction).toBeCloseTo(2.1 / 9.6);
  });

  it('is indeterminate without a size, and gone once ready', () => {
    expect(loadingProgress({ kind: 'loading', attempt: 1, progress: null })?.fraction).toBeNull();
    expect(loadingProgress(ready)).toBeNull();
  });
});

describe('pythonVersion', () => {
  it('keeps the version number of sys.version', () => {
    expect(pythonVersion(info.python)).toBe('3.14.2');
  });
});

describe('bootDescription', () => {
  it('says whether the engine restored its saved snapshot or booted afresh', () => {
    expect(bootDescription({ from: 'snapshot', problem: null })).toBe(
      'restored from the saved snapshot',
    );
    expect(bootDescription({ from: 'fresh', problem: 'Snapshot has invalid magic number' })).toBe(
      'booted afresh',
    );
    expect(bootDescription({ from: 'fresh', problem: null, snapshots: true })).toBe(
      'booted afresh',
    );
  });

  it('says when a runtime boots afresh because it cannot take snapshots at all', () => {
    expect(bootDescription({ from: 'fresh', problem: null, snapshots: false })).toBe(
      'booted afresh (this runtime has no snapshots)',
    );
  });
});
