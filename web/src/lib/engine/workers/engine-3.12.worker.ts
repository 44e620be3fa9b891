/**
 * The engine worker of CPython 3.12 (runtimes.json): its own Pyodide release's loader, which must
 * match the runtime files it loads from `pyodide/3.12/`. Everything else is engineWorkerMain.ts.
 */
import { loadPyodide } from 'pyodide-3.12';
import { startEngineWorker } from '../engineWorkerMain';
import type { LoadPyodideFn } from '../engineRuntime';

startEngineWorker(loadPyodide as unknown as LoadPyodideFn, '3.12');
