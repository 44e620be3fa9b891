// Runs the project's pytest suite inside Pyodide (CPython compiled to WebAssembly) in Node, so every
// test also proves the package works in the runtime the page uses. Offline: Pyodide comes from the npm
// package, pytest and hypothesis from pure-Python wheels that scripts/setup.sh downloaded beforehand.
// Extra arguments are passed to pytest (e.g. `node scripts/pytest-in-pyodide.mjs -k explain`).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wheelDir = path.join(root, '.cache', 'pyodide-wheels');

const wheels = readdirSync(wheelDir)
  .filter((name) => name.endsWith('.whl'))
  .map((name) => path.join(wheelDir, name));
if (wheels.length === 0) {
  console.error(`No wheels in ${wheelDir}: run scripts/setup.sh first.`);
  process.exit(2);
}

const pyodide = await loadPyodide({
  indexURL: path.join(root, 'node_modules', 'pyodide') + path.sep,
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
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
pyodide.globals.set('pytest_args', pyodide.toPy(process.argv.slice(2)));
const exitCode = await pyodide.runPythonAsync(`
import os, sys
os.chdir("/project")
sys.path.insert(0, "/project/py")
import pytest
print(f"Running pytest inside Pyodide: Python {sys.version.split()[0]} on {sys.platform}")
int(pytest.main(["-q", "-rfE", "-p", "no:cacheprovider", *pytest_args]))
`);
process.exit(exitCode);
