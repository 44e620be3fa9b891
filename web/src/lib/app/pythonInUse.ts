/**
 * The exact CPython in use ("3.12.7", "3.15.0rc1") as the status bar, the code panel and
 * Diagnostics show it: the engine's own word (its sys.version) once it has started, else what
 * runtimes.json says the chosen runtime embeds (while that runtime downloads and boots). Pure.
 */
import type { EngineInfo } from '../engine/contract';
import { runtimeInfo, type RuntimeKey } from '../engine/runtimes';
import { pythonVersion } from './engineStatus';

export function pythonInUse(info: EngineInfo | null, key: RuntimeKey): string {
  if (info !== null) return pythonVersion(info.python);
  return runtimeInfo(key)?.python ?? key;
}
