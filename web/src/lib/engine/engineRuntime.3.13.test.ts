/**
 * The engine runtime on CPython 3.13's Pyodide in Node, on the stdlib and wheel the page ships for it
 * (testing/runtimeConformance.ts; a file of its own, since one process boots one release only).
 */
import { describeRuntime } from './testing/runtimeConformance';

describeRuntime('3.13');
