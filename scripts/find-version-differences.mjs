// A dev tool: where does `re` behave differently between the CPython versions the page ships?
// Runs the corpus of scripts/version_corpus.py (several hundred requests through the core's
// pyregex.evaluate, plus probes of plain `re`) in every runtime of scripts/runtimes.mjs, in Node,
// one child process per runtime, and prints each request whose outcome is not the same in all of
// them (match spans, groups, return value, error type/message/position, warnings), with which
// versions give which outcome. What it finds feeds tests/test_version_differences.py and
// docs/version-differences.md; it changes no file and is not part of the test run.
//
// Usage: node scripts/find-version-differences.mjs [--runtime <key>]... [--json]
//   --json   print the raw differences as JSON instead of the report
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodideFor, runtime, takeRuntimeArgs } from './runtimes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scriptFile = fileURLToPath(import.meta.url);

/** In a child: boot runtime `key` on the project's own py/, run the corpus, print its JSON. */
async function runCorpus(key) {
  const pyodide = await loadPyodideFor(key, { stdout: () => {}, stderr: () => {} });
  pyodide.FS.mkdirTree('/project');
  pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root }, '/project');
  const json = pyodide.runPython(`
import sys
sys.path[:0] = ["/project/py", "/project/scripts"]
import version_corpus
version_corpus.outcomes()
`);
  process.stdout.write(json);
}

/** Runs the corpus of runtime `key` in a child process; resolves with its parsed outcomes. */
function outcomesOf(key) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [scriptFile, '--child', key], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (out += chunk));
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`runtime ${key}: exit ${code}`)),
    );
  });
}

/** One line for an evaluate outcome: the error, or the matches, return value and warnings. */
function describe(outcome) {
  if (!outcome.ok) {
    const { type, message, where } = outcome.error;
    return `${type}: ${message}${where === 'pattern' ? '' : ` (in the ${where})`}`;
  }
  const spans = outcome.matches.map((match) =>
    match.groups.length > 1
      ? `${match.span}(${match.groups
          .slice(1)
          .map((group) => group.span ?? '-')
          .join(' ')})`
      : `${match.span}`,
  );
  const parts = [
    outcome.matches.length === 0 ? 'no match' : `matches [${spans.join(' ')}]`,
    ...(['findall', 'split', 'sub', 'subn'].includes(outcome.op)
      ? [`→ ${outcome.output.repr}`]
      : []),
    ...outcome.warnings.map((warning) => `${warning.category}: ${warning.message}`),
  ];
  return parts.join('; ');
}

/** One line for a probe outcome. */
function describeProbe(outcome) {
  return [outcome.raised ?? outcome.value, ...outcome.warnings].join('; ');
}

/** The runtimes' keys grouped by equal outcome: [[description, [keys]], …]. */
function grouped(keys, outcomeOf, describeOne) {
  const groups = new Map();
  for (const key of keys) {
    const outcome = outcomeOf(key);
    const id = JSON.stringify(outcome);
    if (!groups.has(id)) groups.set(id, { text: describeOne(outcome), keys: [] });
    groups.get(id).keys.push(key);
  }
  return [...groups.values()];
}

/** An error outcome with the type name every version agrees on (error and PatternError are one). */
function withoutErrorType(outcome) {
  if (outcome.ok || !['error', 'PatternError'].includes(outcome.error.type)) return outcome;
  return { ...outcome, error: { ...outcome.error, type: 're.error' } };
}

function probeWithoutErrorType(outcome) {
  const raised = outcome.raised?.replace(/^(error|PatternError): /, 're.error: ');
  return raised === undefined ? outcome : { ...outcome, raised };
}

function requestText(request) {
  const options = Object.entries(request)
    .filter(([name]) => !['pattern', 'text', 'op'].includes(name))
    .map(([name, value]) => ` ${name}=${JSON.stringify(value)}`)
    .join('');
  return `${request.op} ${JSON.stringify(request.pattern)} on ${JSON.stringify(request.text)}${options}`;
}

async function main() {
  const args = process.argv.slice(2);
  const keys = takeRuntimeArgs(args);
  const byKey = {};
  // Two at a time: each child is one single-threaded Pyodide.
  const queue = [...keys];
  await Promise.all(
    [0, 1].map(async () => {
      for (let key = queue.shift(); key; key = queue.shift()) byKey[key] = await outcomesOf(key);
    }),
  );

  const differences = [];
  let onlyTheTypeName = 0; // requests and probes alike
  const first = byKey[keys[0]];
  first.requests.forEach(([request], index) => {
    const outcomeOf = (key) => byKey[key].requests[index][1];
    const groups = grouped(keys, outcomeOf, describe);
    if (groups.length === 1) return;
    if (grouped(keys, (key) => withoutErrorType(outcomeOf(key)), describe).length === 1) {
      onlyTheTypeName += 1; // reported once below, not per request
      return;
    }
    differences.push({ kind: 'request', what: requestText(request), groups });
  });
  for (const name of Object.keys(first.probes)) {
    const outcomeOf = (key) => byKey[key].probes[name];
    if (grouped(keys, outcomeOf, describeProbe).length === 1) continue;
    if (grouped(keys, (key) => probeWithoutErrorType(outcomeOf(key)), describeProbe).length === 1) {
      onlyTheTypeName += 1;
      continue;
    }
    differences.push({
      kind: 'probe',
      what: name,
      groups: grouped(keys, outcomeOf, describeProbe),
    });
  }

  if (args.includes('--json')) {
    console.log(JSON.stringify({ differences, onlyTheTypeName }, null, 2));
    return;
  }
  const versions = keys.map((key) => `${key} (${runtime(key).python})`).join(', ');
  console.log(
    `${first.requests.length} requests through pyregex.evaluate and ` +
      `${Object.keys(first.probes).length} probes of re, in ${versions}:\n`,
  );
  for (const { what, groups } of differences) {
    console.log(what);
    for (const group of groups) console.log(`  ${group.keys.join(', ').padEnd(22)} ${group.text}`);
  }
  const probes = differences.filter(({ kind }) => kind === 'probe').length;
  console.log(
    `\n${differences.length - probes} requests and ${probes} probes differ; ${onlyTheTypeName} ` +
      `more differ only in the error's type name ('error' before 3.13, 'PatternError' from 3.13).`,
  );
}

const childAt = process.argv.indexOf('--child');
if (process.argv[1] === scriptFile) {
  await (childAt >= 0 ? runCorpus(process.argv[childAt + 1]) : main());
}
