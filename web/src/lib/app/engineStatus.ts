/**
 * The engine's state as the page names it (loading, ready, running, stopping, stopped, restarting,
 * failed), from the lifecycle and the newest run's outcome: the status bar's words, the header's
 * badge, and the loading bar's text. Deliberately coarse for the announced status (no byte counts,
 * which would be read out many times a second); the bytes go to the loading bar. Pure.
 */
import type { RunOutcome } from '../engine/engineClient.svelte';
import type { EngineBoot } from '../engine/contract';
import { progressLabel, type Lifecycle, type RestartReason } from '../engine/lifecycle';

export type StatusKind =
  'loading' | 'ready' | 'running' | 'stopping' | 'stopped' | 'restarting' | 'failed';

export interface EngineStatus {
  kind: StatusKind;
  /** Short words for the status line and badge, e.g. "Ready" or "Loading Python…". */
  label: string;
}

const RESTART_REASONS = {
  deadline: 'Restarting the engine to stop a runaway pattern…',
  crash: 'Restarting the engine after a crash…',
  user: 'Restarting the engine to stop the run…',
  memory: 'Restarting the engine to free its memory…',
} as const satisfies Record<RestartReason, string>;

/**
 * The status for `state`; `outcome` and `latestId` tell a stopped last run from a normal one.
 * `python` ("3.12") names the version that loads, once the page runs more than one.
 */
export function engineStatus(
  state: Lifecycle,
  outcome: RunOutcome | null,
  latestId: number,
  python?: string,
): EngineStatus {
  switch (state.kind) {
    case 'loading': {
      const which = python === undefined ? 'Python' : `Python ${python}`;
      return {
        kind: 'loading',
        label:
          state.retryOf === undefined
            ? `Loading ${which}…`
            : `Loading ${which} again (the first start failed)…`,
      };
    }
    case 'restarting':
      return { kind: 'restarting', label: RESTART_REASONS[state.reason] };
    case 'ready':
      if (outcome?.kind === 'stopped' && outcome.id === latestId) {
        return { kind: 'stopped', label: 'Ready (last run stopped)' };
      }
      return { kind: 'ready', label: 'Ready' };
    case 'running':
      return { kind: 'running', label: 'Running…' };
    case 'interrupting':
      return { kind: 'stopping', label: 'Stopping…' };
    case 'failed':
      return { kind: 'failed', label: `The engine could not start: ${lastLine(state.error)}` };
  }
}

/** The last non-empty line of a message: the exception itself, for a Python traceback. */
function lastLine(message: string): string {
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  return lines.at(-1)?.trim() ?? message;
}

/** What the loading bar shows while a worker starts, or null when none is starting. */
export function loadingProgress(
  state: Lifecycle,
): { text: string; fraction: number | null } | null {
  if (state.kind === 'restarting') return { text: 'Restarting Python…', fraction: null };
  if (state.kind !== 'loading') return null;
  const { progress } = state;
  if (progress === null) return { text: 'Starting Python…', fraction: null };
  const fraction =
    progress.total !== null && progress.total > 0
      ? Math.min(1, progress.loaded / progress.total)
      : null;
  return { text: progressLabel(progress), fraction };
}

/**
 * How the engine started, in words: "restored from the saved snapshot", "booted afresh", or for a
 * runtime whose Pyodide cannot take snapshots (every boot is fresh) "booted afresh (this runtime
 * has no snapshots)".
 */
export function bootDescription(boot: EngineBoot): string {
  if (boot.from === 'snapshot') return 'restored from the saved snapshot';
  return boot.snapshots === false
    ? 'booted afresh (this runtime has no snapshots)'
    : 'booted afresh';
}

/** "3.14.2" from sys.version ("3.14.2 (main, …) [Clang …]"). */
export function pythonVersion(sysVersion: string): string {
  return sysVersion.split(' ')[0] ?? sysVersion;
}
