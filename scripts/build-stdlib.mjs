// Builds, for each CPython runtime the page ships (scripts/runtimes.mjs), a trimmed copy of that
// runtime's python_stdlib.zip holding only the standard-library modules the engine uses, so a first
// visit downloads a fraction of the 2.5 MB zip (the page ships it under the same name, in place of
// the full one). Run by `npm run build` after the wheel is built.
// The modules are shipped compiled (.pyc, made by that runtime's own CPython, so the bytecode
// matches the browser's), without docstrings and asserts (as python -OO; Pyodide's own packages
// keep their docstrings): compiling them from source was most of a first visit's boot
// (docs/benchmarks.md). For the same reason it also writes the runtime's copy of the pyregex wheel,
// its modules as bytecode only (bytecode is per CPython minor version, so each runtime has its own
// copy).
// Both zips hold their members stored, not deflated: zipimport then reads a module as it is instead
// of inflating it with zlib compiled to WebAssembly (a first visit's boot was about 60 ms slower
// with deflated members, docs/benchmarks.md). For the wire each is also written gzipped whole
// (`python_stdlib.zip.gz`, `<wheel>.gz`): the build ships those, so a host that compresses no zip
// still sends them compressed, and the engine inflates them natively (gzippedArchives.ts).
//
// Which modules are kept, computed inside each runtime itself (its stdlib is the one that matters):
//   1. every module loaded while Pyodide boots, installs the pyregex wheel as the worker does, and
//      runs every bridge entry point over requests that reach each code path (all ops, errors,
//      warnings, explain, code generation, an interrupt);
//   2. every module an `import` statement anywhere in pyregex's own code names (function-level
//      imports included, so a lazy import on a path the requests above missed is kept), imported
//      for real so that what it imports in turn is kept too;
//   3. less the few that Pyodide's start loads but the standard library imports only optionally
//      (`OPTIONAL` below: asyncio's ssl, shutil's compressors), unless pyregex names one.
// Then the runtime is booted again on the trimmed zip and the compiled wheel and answers a request,
// so a runtime that cannot start on what the page ships fails the build.
// scripts/pytest-in-pyodide.mjs --runtime <key> --stdlib <dir> then runs the whole test suite with
// the trimmed zip first on the path and fails any import of a missing module that pyregex's code
// triggers.
//
// A runtime whose inputs (its Pyodide version, the source wheel's sha256, this script's own text)
// are those of its last build is skipped: `npm run build` runs this again right after the tests did.
//
// Usage: node scripts/build-stdlib.mjs [--runtime <key>]... [--out <dir>] [--force]
//        (default: every runtime, into .cache/stdlib; after build:wheel)
// Output, per runtime: <dir>/<key>/python_stdlib.zip, <dir>/<key>/pyregex-<version>-py3-none-any.whl
// (the compiled copy), each also gzipped (`.gz` beside it), and <dir>/<key>/stdlib.json ({ modules,
// pyregexModules (the pyregex modules the worker loads), bytes, fullBytes, gzippedBytes: { stdlib,
// wheel }, wheel: { fileName, compiledFrom (the source wheel's sha256), sha256, bytes }, python (the
// exact CPython), inputs (what the skip compares) }).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DEFAULT_WHEEL_DIR, MANIFEST_NAME } from './build-wheel.mjs';
import {
  installedVersion,
  loadPyodideFor,
  packageDir,
  runtime,
  takeRuntimeArgs,
} from './runtimes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scriptFile = fileURLToPath(import.meta.url);

/** Holds one folder per runtime key: `.cache/stdlib/3.14/`, … */
export const DEFAULT_STDLIB_DIR = path.join(root, '.cache', 'stdlib');
export const STDLIB_ZIP = 'python_stdlib.zip';
export const STDLIB_MANIFEST = 'stdlib.json';

/** The folder build-stdlib writes the runtime `key` into. */
export function stdlibDirFor(key, outRoot = DEFAULT_STDLIB_DIR) {
  return path.join(outRoot, key);
}

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

# Test suites, every op, with groups, outputs, a stop callback, a bad pattern and a bad request.
for op in ("match", "search", "fullmatch", "findall", "finditer", "sub", "subn", "split"):
    suite = {"pattern": r"(?P<y>\d+)(x)?", "op": op, "replacement": r"<\g<y>>", "tests": [
        {"text": "a1\r\n\ud800", "expect": "match", "groups": {"y": "1", "2": None}, "name": "n"},
        {"text": "", "expect": "no match"},
    ]}
    if op in ("findall", "sub", "subn", "split"):
        suite["tests"].append({"text": "2", "expect": "match", "output": ["2"]})
    bridge.run_suite_json(json.dumps({"suite": suite, "caseMs": 50, "suiteMs": 1000}), lambda i: False)
    bridge.suite_to_pytest_json(json.dumps(suite))
bridge.run_suite_json(json.dumps({"suite": {"pattern": "(", "op": "search", "tests": [
    {"text": "", "expect": "match"}]}}))
bridge.run_suite_json(json.dumps({"suite": 5}))

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

/**
 * .pyc files as py_compile writes them (magic number, flags, 8 bytes of check data, the marshalled
 * code), compiled by the CPython that will load them. co_filename is the .py path where the module
 * lives in the browser, as if compiled from there.
 */
const BYTECODE = String.raw`
import importlib.util, marshal

# Docstrings and asserts left out (python -OO): the browser never asks for help(), asserts in
# pyregex only narrow types, and it is about 15 % less bytecode to download and unmarshal.
# Pyodide's own packages keep theirs (its bootstrap reads docstrings to document its C methods).
OPTIMIZE = 2
KEEP_DOCSTRINGS = ("_pyodide", "pyodide")

def _compiled(source, filename, optimize):
    return marshal.dumps(compile(source, filename, "exec", dont_inherit=True, optimize=optimize))

def sourceless_pyc(source, filename, optimize=OPTIMIZE):
    """For a zip without the .py: flags 0 and no mtime or size, as nothing is checked."""
    return importlib.util.MAGIC_NUMBER + bytes(12) + _compiled(source, filename, optimize)
`;

/** Computes the module set and writes the trimmed zip (all in Python, inside Pyodide). */
const TRIM = String.raw`
import ast, importlib, importlib.util, json, sys, zipfile

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
named = set()
for module in [m for m in list(sys.modules) if m == "pyregex" or m.startswith("pyregex.")]:
    for name in imported_names(module):
        named.add(name)
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # 'from x import name' where name is not a module

# Loaded by Pyodide's start, but left out: the standard library imports these only inside
# 'try: ... except ImportError' (asyncio's ssl; the compressors of shutil and zipfile), and works on
# without them, as on a CPython built without them; nothing of ours uses them. Importing them was
# about 8 ms of a 590 ms boot in Node (docs/benchmarks.md).
OPTIONAL = {"ssl", "_ssl", "bz2", "lzma", "compression._common", "compression._common._streams",
            "compression.zstd", "compression.zstd._zstdfile"}
keep = sorted(name for name, module in list(sys.modules.items())
              if from_stdlib(module) and (name not in OPTIONAL or name in named))
browser = sorted(m for m in sys.modules if m == "pyregex" or m.startswith("pyregex."))
entries = {sys.modules[name].__file__[len(STDLIB_ZIP) + 1 :] for name in keep}

# Shipped compiled: zipimport loads a .pyc with no .py beside it as it is, so the browser never
# compiles the standard library (compiling it took most of a first visit's boot). co_filename
# stays the .py path in the zip, as if compiled from there.
with zipfile.ZipFile(STDLIB_ZIP) as full, zipfile.ZipFile(OUT, "w") as out:
    for info in full.infolist():
        if info.filename in entries:
            compiled = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
            compiled.external_attr = info.external_attr
            top = info.filename.split("/")[0]
            optimize = 0 if top in KEEP_DOCSTRINGS else OPTIMIZE
            data = sourceless_pyc(full.read(info), f"{STDLIB_ZIP}/{info.filename}", optimize)
            out.writestr(compiled, data, compress_type=zipfile.ZIP_STORED)
json.dumps({"modules": keep, "pyregexModules": browser})
`;

/**
 * The page's copy of the wheel: each module as bytecode only (sourceless .pyc, compiled like the
 * stdlib above, RECORD listing them), so the browser neither downloads the sources (a third of
 * the wheel) nor compiles or hashes them. Still a valid zip for zipimport; it is the page's copy
 * only: pip and pytest use the source wheel.
 */
const COMPILE_WHEEL = String.raw`
import base64, hashlib, zipfile

def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"

with zipfile.ZipFile(WHEEL) as wheel, zipfile.ZipFile(OUT, "w") as out:
    lines = []
    for info in wheel.infolist():
        data = wheel.read(info)
        if info.filename.endswith(".dist-info/RECORD"):
            record_info = info
            continue
        if info.filename.endswith(".py"):
            compiled = zipfile.ZipInfo(info.filename + "c", date_time=info.date_time)
            compiled.external_attr = info.external_attr
            pyc = sourceless_pyc(data, f"{MOUNTED_AT}/{info.filename}")
            out.writestr(compiled, pyc, compress_type=zipfile.ZIP_STORED)
            lines.append(record_line(compiled.filename, pyc))
        else:
            out.writestr(info, data, compress_type=zipfile.ZIP_STORED)
            lines.append(record_line(info.filename, data))
    lines.append(f"{record_info.filename},,")  # RECORD's own line, last
    out.writestr(record_info, "\n".join(lines) + "\n", compress_type=zipfile.ZIP_STORED)
`;

/** Where the worker puts the wheel on sys.path (engineRuntime.ts, WHEEL_PATH). */
const WHEEL_MOUNT = '/lib/pyregex.whl';

/** After the build: the runtime boots on what the page ships and answers as the worker would. */
const SMOKE = String.raw`
import json, sys
sys.path.insert(0, "/lib/pyregex.whl")
import pyregex.bridge
answer, _packed = pyregex.bridge.evaluate_json(json.dumps(
    {"pattern": r"(?P<w>\w+)", "text": "hello world", "op": "findall"}))
result = json.loads(answer)["result"]
assert result["ok"] and result["output"]["value"] == ["hello", "world"], result
sys.version.split()[0]
`;

/** The name of `file`'s gzipped copy, the one the build ships. */
function gzipped(file) {
  return `${file}.gz`;
}

/**
 * Writes the gzipped copy of `dir/file`, whose bytes are `bytes`, beside it (level 9; no name or
 * time in the header, so equal zips give equal copies); returns its size in bytes.
 */
function writeGzipped(dir, file, bytes) {
  const compressed = gzipSync(bytes, { level: 9 });
  writeFileSync(path.join(dir, gzipped(file)), compressed);
  return compressed.length;
}

/** What a build of runtime `key` depends on; equal inputs make an equal build. */
function buildInputs(key, sourceWheel) {
  const script = createHash('sha256');
  for (const file of [scriptFile, path.join(root, 'scripts', 'runtimes.mjs')]) {
    script.update(readFileSync(file));
  }
  return {
    pyodide: installedVersion(key),
    wheelSha256: sourceWheel.sha256,
    scriptSha256: script.digest('hex'),
  };
}

function readSourceWheel(wheelDir) {
  const manifestPath = path.join(wheelDir, MANIFEST_NAME);
  if (!existsSync(manifestPath))
    throw new Error(`${manifestPath} is missing: build the wheel first`);
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

/** The last build's manifest in `outDir` if its inputs are `inputs` and its files are there. */
function upToDate(outDir, inputs) {
  const manifestPath = path.join(outDir, STDLIB_MANIFEST);
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const same = JSON.stringify(manifest.inputs) === JSON.stringify(inputs);
  const wheelFile = manifest.wheel?.fileName ?? '';
  const files = [STDLIB_ZIP, gzipped(STDLIB_ZIP), wheelFile, gzipped(wheelFile)].every((name) =>
    existsSync(path.join(outDir, name)),
  );
  return same && files ? manifest : null;
}

/**
 * Builds runtime `key`'s trimmed zip and compiled copy of the wheel (from the wheel in `wheelDir`)
 * into `outDir`, unless its inputs are unchanged (`force` builds anyway); returns its manifest and
 * whether it was built.
 */
export async function buildStdlib(
  key,
  { outDir = stdlibDirFor(key), wheelDir = DEFAULT_WHEEL_DIR, force = false } = {},
) {
  const sourceWheel = readSourceWheel(wheelDir);
  const inputs = buildInputs(key, sourceWheel);
  const previous = force ? null : upToDate(outDir, inputs);
  if (previous) return { manifest: previous, built: false };

  const { fileName } = sourceWheel;
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) {
    // Only our own outputs are removed, so a mistaken --out can never wipe a folder.
    if (name === STDLIB_MANIFEST || /^pyregex-.+\.whl(\.gz)?$/.test(name)) {
      rmSync(path.join(outDir, name));
    }
  }

  const pyodide = await loadPyodideFor(key);
  // As the worker does it (engineRuntime.ts, INSTALL): the wheel as a zip on sys.path, imported.
  pyodide.FS.writeFile(WHEEL_MOUNT, readFileSync(path.join(wheelDir, fileName)));
  pyodide.runPython(`import sys\nsys.path.insert(0, "${WHEEL_MOUNT}")\nimport pyregex.bridge`);
  pyodide.runPython(EXERCISE, { globals: pyodide.toPy({}) });
  pyodide.FS.mkdirTree('/out');
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: outDir }, '/out');
  const globals = pyodide.toPy({ OUT: `/out/${STDLIB_ZIP}` });
  pyodide.runPython(BYTECODE, { globals });
  const { modules, pyregexModules } = JSON.parse(pyodide.runPython(TRIM, { globals }));
  globals.set('WHEEL', WHEEL_MOUNT);
  globals.set('MOUNTED_AT', WHEEL_MOUNT);
  globals.set('OUT', `/out/${fileName}`);
  pyodide.runPython(COMPILE_WHEEL, { globals });
  pyodide.FS.unmount('/out');

  const stdlib = readFileSync(path.join(outDir, STDLIB_ZIP));
  const bytes = stdlib.length;
  const fullBytes = readFileSync(path.join(packageDir(key), STDLIB_ZIP)).length;
  const compiledWheel = readFileSync(path.join(outDir, fileName));
  const wheel = {
    fileName,
    compiledFrom: sourceWheel.sha256,
    sha256: createHash('sha256').update(compiledWheel).digest('hex'),
    bytes: compiledWheel.length,
  };

  const shipped = await loadPyodideFor(key, { stdLibURL: path.join(outDir, STDLIB_ZIP) });
  shipped.FS.writeFile(WHEEL_MOUNT, compiledWheel);
  const python = shipped.runPython(SMOKE);
  if (python !== runtime(key).python) {
    throw new Error(
      `runtime ${key} is CPython ${python}, runtimes.json says ${runtime(key).python}`,
    );
  }

  const gzippedBytes = {
    stdlib: writeGzipped(outDir, STDLIB_ZIP, stdlib),
    wheel: writeGzipped(outDir, fileName, compiledWheel),
  };
  const manifest = {
    modules,
    pyregexModules,
    bytes,
    fullBytes,
    gzippedBytes,
    wheel,
    python,
    inputs,
  };
  writeFileSync(path.join(outDir, STDLIB_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, built: true };
}

if (process.argv[1] === scriptFile) {
  const args = process.argv.slice(2);
  const keys = takeRuntimeArgs(args);
  if (keys.length > 1) {
    // One runtime per process: two Pyodide releases cannot boot in one (see runtimes.mjs).
    for (const key of keys) {
      const child = spawnSync(process.execPath, [scriptFile, '--runtime', key, ...args], {
        stdio: 'inherit',
      });
      if (child.status !== 0) process.exit(child.status ?? 1);
    }
  } else {
    const [key] = keys;
    const at = args.indexOf('--out');
    const outDir = stdlibDirFor(key, at >= 0 ? path.resolve(args[at + 1]) : DEFAULT_STDLIB_DIR);
    const started = Date.now();
    const { manifest, built } = await buildStdlib(key, { outDir, force: args.includes('--force') });
    const where = path.relative(root, path.join(outDir, STDLIB_ZIP));
    console.log(
      built
        ? `built ${where} (CPython ${manifest.python}): ${manifest.modules.length} modules, ` +
            `${manifest.bytes} B (the full zip: ${manifest.fullBytes} B), ${Date.now() - started} ms`
        : `${where} is up to date (CPython ${manifest.python}), skipped`,
    );
  }
}
