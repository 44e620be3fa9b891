// Builds a trimmed copy of Pyodide's python_stdlib.zip holding only the standard-library modules
// the engine uses, so a first visit downloads a fraction of the 2.5 MB zip (the page ships it under
// the same name, in place of the full one). Run by `npm run build` after the wheel is built.
// The modules are shipped compiled (.pyc, made by Pyodide's own CPython, so the bytecode matches
// the browser's): compiling them from source was most of a first visit's boot (docs/benchmarks.md).
//
// Which modules are kept, computed inside Pyodide itself (its stdlib is the one that matters):
//   1. every module loaded while Pyodide boots, installs the pyregex wheel as the worker does, and
//      runs every bridge entry point over requests that reach each code path (all ops, errors,
//      warnings, explain, code generation, an interrupt);
//   2. every module an `import` statement anywhere in pyregex's own code names (function-level
//      imports included, so a lazy import on a path the requests above missed is kept), imported
//      for real so that what it imports in turn is kept too.
// scripts/pytest-in-pyodide.mjs --stdlib <zip> then runs the whole test suite with the trimmed zip
// first on the path and fails any import of a missing module that pyregex's code triggers.
//
// Usage: node scripts/build-stdlib.mjs [--out <dir>]   (default: .cache/stdlib; after build:wheel)
// Output: <dir>/python_stdlib.zip and <dir>/stdlib.json ({ modules, pyregexModules (the pyregex
// modules the worker loads), bytes, fullBytes }).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { DEFAULT_WHEEL_DIR, MANIFEST_NAME } from './build-wheel.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pyodideDir = path.join(root, 'node_modules', 'pyodide');

export const DEFAULT_STDLIB_DIR = path.join(root, '.cache', 'stdlib');
export const STDLIB_ZIP = 'python_stdlib.zip';

/** Requests that, between them, reach every path of the bridge (keep in step with the core). */
const EXERCISE = String.raw`
import json, warnings
from pyregex import bridge

requests = [
    {"pattern": r"(?P<a>\w)(x)?|\ud800|😀", "text": "ab😀c\r\n\ud800", "op": op,
     "replacement": r"\g<a>\1", "flags": flags}
    for op in ("match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split")
    for flags in ("", "imsx", "a")
] + [
    {"pattern": "(", "text": "", "op": "search"},
    {"pattern": "[[a]", "text": "a", "op": "search"},
    {"pattern": "a", "text": "", "op": "search", "flags": "l"},
    {"pattern": "(a)", "text": "a", "op": "sub", "replacement": r"\g<nope>"},
    {"pattern": "a{99999999999}", "text": "", "op": "search"},
    {"pattern": "a", "text": "", "op": "nope"},
    {"pattern": "a", "text": "aaaa", "op": "finditer", "maxMatches": 2},
]
for request in requests:
    bridge.evaluate_json(json.dumps(request))
    try:
        bridge.to_python_json(json.dumps(request))
    except Exception:  # the page asks for code of valid requests only
        pass
for pattern, flags in [(r"(?P<y>\d{4})-(?i:x)[a-z]+?(?=a)|\b(?<!q)(?>a*+)\1", "ix"), ("(", "")]:
    bridge.explain_json(json.dumps([pattern, flags]))
bridge.info_json()

# The interrupt path: KeyboardInterrupt raised inside the run.
import importlib
evaluate_module = importlib.import_module("pyregex.evaluate")
real_run = evaluate_module._run_op
def interrupted(*args):
    raise KeyboardInterrupt
evaluate_module._run_op = interrupted
bridge.evaluate_json(json.dumps(requests[0]))
evaluate_module._run_op = real_run
`;

/** Computes the module set and writes the trimmed zip (all in Python, inside Pyodide). */
const TRIM = String.raw`
import ast, importlib, importlib.util, json, marshal, sys, zipfile

STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))

def from_stdlib(module):
    return (getattr(module, "__file__", None) or "").startswith(STDLIB_ZIP + "/")

def imported_names(name):
    """Every module an import statement in module 'name' names (function-level ones too)."""
    spec = importlib.util.find_spec(name)
    package = name if spec.submodule_search_locations is not None else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(spec.loader.get_source(name))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)

# Whatever pyregex's code imports anywhere (a lazy import on an unexercised path included) is
# imported here for real, so it and everything it imports at import time are kept.
for module in [m for m in list(sys.modules) if m == "pyregex" or m.startswith("pyregex.")]:
    for name in imported_names(module):
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # 'from x import name' where name is not a module

keep = sorted(name for name, module in list(sys.modules.items()) if from_stdlib(module))
browser = sorted(m for m in sys.modules if m == "pyregex" or m.startswith("pyregex."))
entries = {sys.modules[name].__file__[len(STDLIB_ZIP) + 1 :] for name in keep}

def bytecode(source, filename):
    """A .pyc file's bytes, as py_compile writes them: magic, flags (0: checked by timestamp),
    mtime and size (0: no source beside it to check against), then the marshalled code."""
    code = compile(source, filename, "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)

# Shipped compiled: zipimport loads a .pyc with no .py beside it as it is, so the browser never
# compiles the standard library (compiling it took most of a first visit's boot). co_filename
# stays the .py path in the zip, as if compiled from there.
with zipfile.ZipFile(STDLIB_ZIP) as full, zipfile.ZipFile(OUT, "w") as out:
    for info in full.infolist():
        if info.filename in entries:
            compiled = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
            compiled.external_attr = info.external_attr
            data = bytecode(full.read(info), f"{STDLIB_ZIP}/{info.filename}")
            out.writestr(compiled, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
json.dumps({"modules": keep, "pyregexModules": browser})
`;

/** Builds the trimmed zip into `outDir` from the wheel in `wheelDir`; returns its manifest. */
export async function buildStdlib(outDir = DEFAULT_STDLIB_DIR, wheelDir = DEFAULT_WHEEL_DIR) {
  const manifestPath = path.join(wheelDir, MANIFEST_NAME);
  if (!existsSync(manifestPath))
    throw new Error(`${manifestPath} is missing: build the wheel first`);
  const { fileName } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  mkdirSync(outDir, { recursive: true });

  const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep });
  // As the worker does it (engineRuntime.ts, INSTALL): the wheel as a zip on sys.path, imported.
  pyodide.FS.writeFile('/lib/pyregex.whl', readFileSync(path.join(wheelDir, fileName)));
  pyodide.runPython('import sys\nsys.path.insert(0, "/lib/pyregex.whl")\nimport pyregex.bridge');
  pyodide.runPython(EXERCISE, { globals: pyodide.toPy({}) });
  pyodide.FS.mkdirTree('/out');
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: outDir }, '/out');
  const globals = pyodide.toPy({ OUT: `/out/${STDLIB_ZIP}` });
  const { modules, pyregexModules } = JSON.parse(pyodide.runPython(TRIM, { globals }));
  pyodide.FS.unmount('/out');

  const bytes = readFileSync(path.join(outDir, STDLIB_ZIP)).length;
  const fullBytes = readFileSync(path.join(pyodideDir, STDLIB_ZIP)).length;
  const manifest = { modules, pyregexModules, bytes, fullBytes };
  writeFileSync(path.join(outDir, 'stdlib.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const outDir = at > 0 ? path.resolve(process.argv[at + 1]) : DEFAULT_STDLIB_DIR;
  const started = Date.now();
  const { modules, bytes, fullBytes } = await buildStdlib(outDir);
  console.log(
    `built ${path.relative(root, path.join(outDir, STDLIB_ZIP))}: ${modules.length} modules, ` +
      `${bytes} B (the full zip: ${fullBytes} B), ${Date.now() - started} ms`,
  );
}
