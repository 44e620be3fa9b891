// Runs the project's pytest suite inside Pyodide (CPython compiled to WebAssembly) in Node, so every
// test also proves the package works in the runtimes the page uses. Offline: Pyodide comes from the
// npm packages, pytest and hypothesis from pure-Python wheels that scripts/setup.sh downloaded
// beforehand. Extra arguments are passed to pytest (`node scripts/pytest-in-pyodide.mjs -k explain`).
//
// `--runtime <key>` picks the runtime (scripts/runtimes.mjs; the default runtime without it): one
// runtime per run, as one Node process can boot one Pyodide release only.
// With `--stdlib <dir>` (that runtime's output of scripts/build-stdlib.mjs, .cache/stdlib/<key>) it
// runs in the trimmed runtime the page ships: the trimmed python_stdlib.zip comes first on sys.path
// and the runtime's full one last, for pytest and hypothesis only. A guard fails any import that
// has to fall back to the full zip on behalf of the worker's pyregex modules (the innermost
// non-stdlib frame that asked for it is one of them), so a module missing from the trimmed zip
// fails the run instead of the page.
// It also checks what the page ships compiled: the stdlib's modules load from .pyc files, and the
// page's copy of the wheel carries bytecode (only) zipimport will use, compiled from py/'s sources.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RUNTIME, loadPyodideFor, packageDir, runtime } from './runtimes.mjs';

/** See the header: the full stdlib as a fallback, and the guard that keeps pyregex off it. */
const TRIMMED_STDLIB_GUARD = String.raw`
import importlib.machinery, sys

FULL = "/lib/full_stdlib.zip"
TRIMMED = next(p for p in sys.path if p.endswith(".zip"))
STDLIB = (TRIMMED + "/", FULL + "/")
WORKER_MODULES = frozenset(worker_modules)
sys.path.append(FULL)

def worker_module_asking():
    """The worker's pyregex module whose code asked for this import, or None."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<frozen"):
            name = frame.f_globals.get("__name__")
            if name in WORKER_MODULES:
                return name
            if not filename.startswith(STDLIB):
                return None  # a test, pytest, hypothesis: not the page's business
        frame = frame.f_back
    return None

class TrimmedStdlibGuard:
    @staticmethod
    def find_spec(name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        mirrored = False
        if spec is None and path is not None:
            # A submodule of a package the trimmed zip has (importlib.resources under importlib):
            # look in the same package of the full zip.
            full_path = [p.replace(TRIMMED, FULL, 1) for p in path if p.startswith(TRIMMED + "/")]
            spec = importlib.machinery.PathFinder.find_spec(name, full_path) if full_path else None
            mirrored = spec is not None
        if spec is None or not (spec.origin or "").startswith(FULL + "/"):
            return None
        asking = worker_module_asking()
        if asking is not None:
            raise ImportError(
                f"{asking} imports {name}, which the trimmed stdlib lacks: "
                "scripts/build-stdlib.mjs must keep it"
            )
        return spec if mirrored else None  # else the normal finders load it from the full zip

sys.meta_path.insert(0, TrimmedStdlibGuard)

# The page's stdlib is shipped compiled: the modules Pyodide booted with came from its .pyc files.
import re
if not (re.__file__.startswith(TRIMMED + "/") and re.__file__.endswith(".pyc")):
    raise SystemExit(f"re was loaded from {re.__file__}, not from the trimmed zip's bytecode")
`;

/**
 * The page's wheel (build-stdlib's copy) carries bytecode zipimport accepts, and only that: for
 * each module of py/pyregex, a sourceless .pyc (this CPython's magic number, flags 0) whose code
 * is that source compiled as build-stdlib compiles it (-OO, for where the worker mounts it), and
 * no source. Run once the project is mounted.
 */
const PAGE_WHEEL_CHECK = String.raw`
import importlib.util, marshal, pathlib, zipfile

with zipfile.ZipFile("/tmp/page.whl") as wheel:
    names = set(wheel.namelist())
    sources = sorted(pathlib.Path("/project/py/pyregex").glob("*.py"))
    if not sources:
        raise SystemExit("py/pyregex holds no modules")
    for source in sources:
        name = f"pyregex/{source.name}"
        if name in names:
            raise SystemExit(f"the page's wheel still ships the source {name}")
        if name + "c" not in names:
            raise SystemExit(f"the page's wheel has no bytecode for {name}")
        pyc = wheel.read(name + "c")
        filename = f"/lib/pyregex.whl/{name}"
        expected = compile(source.read_bytes(), filename, "exec", dont_inherit=True, optimize=2)
        problems = [
            pyc[:4] != importlib.util.MAGIC_NUMBER and "magic number",
            pyc[4:16] != bytes(12) and "flags",
            marshal.loads(pyc[16:]) != expected and "code (stale, or not compiled -OO)",
        ]
        if any(problems):
            raise SystemExit(f"the page's wheel has a bad {name}c: {[p for p in problems if p]}")
`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wheelDir = path.join(root, '.cache', 'pyodide-wheels');

const wheels = readdirSync(wheelDir)
  .filter((name) => name.endsWith('.whl'))
  .map((name) => path.join(wheelDir, name));
if (wheels.length === 0) {
  console.error(`No wheels in ${wheelDir}: run scripts/setup.sh first.`);
  process.exit(2);
}

const args = process.argv.slice(2);
const runtimeAt = args.indexOf('--runtime');
const key = runtime(runtimeAt >= 0 ? (args.splice(runtimeAt, 2)[1] ?? '') : DEFAULT_RUNTIME).key;
const stdlibAt = args.indexOf('--stdlib');
const stdlibDir = stdlibAt >= 0 ? path.resolve(args.splice(stdlibAt, 2)[1] ?? '') : null;
const indexURL = packageDir(key) + path.sep;
const manifest = stdlibDir
  ? JSON.parse(readFileSync(path.join(stdlibDir, 'stdlib.json'), 'utf8'))
  : null;
// Bytecode is per CPython version: another runtime's zip would not even boot.
if (manifest && manifest.python !== runtime(key).python) {
  console.error(`${stdlibDir} was built for CPython ${manifest.python}, not runtime ${key}`);
  process.exit(2);
}

const pyodide = await loadPyodideFor(key, {
  ...(stdlibDir ? { stdLibURL: path.join(stdlibDir, 'python_stdlib.zip') } : {}),
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
// Bytes as Python writes them, as a terminal would show them: older releases call a line-based
// `stdout` on every flush, which put each of pytest's progress dots on a line of its own.
// (A copy: Pyodide reuses its buffer once write returns.)
const writeTo = (stream) => (bytes) => (stream.write(Buffer.from(bytes)), bytes.length);
pyodide.setStdout({ write: writeTo(process.stdout) });
pyodide.setStderr({ write: writeTo(process.stderr) });
if (manifest) {
  pyodide.FS.writeFile(
    '/lib/full_stdlib.zip',
    readFileSync(path.join(indexURL, 'python_stdlib.zip')),
  );
  pyodide.globals.set('worker_modules', pyodide.toPy(manifest.pyregexModules));
  pyodide.runPython(TRIMMED_STDLIB_GUARD);
  pyodide.FS.writeFile(
    '/tmp/page.whl',
    readFileSync(path.join(stdlibDir, manifest.wheel.fileName)),
  );
  console.log(`Trimmed stdlib: ${manifest.modules.length} modules; the guard is on.`);
}
const failedWheels = [];
await pyodide.loadPackage(wheels, {
  messageCallback: () => {},
  errorCallback: (message) => failedWheels.push(message),
});
if (failedWheels.length > 0) {
  console.error(`Could not install the test wheels:\n${failedWheels.join('\n')}`);
  process.exit(2);
}

// The project is mounted read-write so pytest sees py/ and tests/ exactly as on disk.
pyodide.FS.mkdirTree('/project');
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, '/project');
if (manifest) pyodide.runPython(PAGE_WHEEL_CHECK);
pyodide.globals.set('pytest_args', pyodide.toPy(args));
const exitCode = await pyodide.runPythonAsync(`
import os, sys
os.chdir("/project")
sys.path.insert(0, "/project/py")
import pyregex.bridge  # first, so the guard sees what the worker's modules import at import time
import pytest
print(f"Running pytest inside Pyodide: Python {sys.version.split()[0]} on {sys.platform}")
int(pytest.main(["-q", "-rfE", "-p", "no:cacheprovider", *pytest_args]))
`);
process.exit(exitCode);
