// Runs independent commands a few at a time (two by default: the machines this project is tested on
// have two cores, and each pytest run uses one), so scripts/test.sh can run the suite in every
// runtime without running them one after the other. Every output line is prefixed with its
// command's label, a summary says how each ended and how long it took, and the exit code is 1 if
// any command failed. It never retries, reorders or hides a command's output.
//
// Usage: node scripts/run-parallel.mjs [--jobs N] <label> <command> [<label> <command>]...
//        (each command is run by the shell, in the current folder; put the longest ones first)
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
const jobsAt = args.indexOf('--jobs');
const width = jobsAt >= 0 ? Number(args.splice(jobsAt, 2)[1]) : 2;
if (!Number.isInteger(width) || width < 1 || args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node scripts/run-parallel.mjs [--jobs N] <label> <command> ...');
  process.exit(2);
}
const tasks = [];
for (let at = 0; at < args.length; at += 2) tasks.push({ label: args[at], command: args[at + 1] });
const labelWidth = Math.max(...tasks.map((task) => task.label.length));

/** Writes `stream`'s output to `out` a whole line at a time, each behind the label. */
function prefixLines(stream, out, label) {
  const prefix = `[${label.padEnd(labelWidth)}] `;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix}${line}\n`);
  });
  return () => {
    if (pending) out.write(`${prefix}${pending}\n`);
  };
}

/** Runs one task to its end; resolves with its exit code (a signal counts as a failure). */
function run(task) {
  const started = Date.now();
  console.log(`[${task.label.padEnd(labelWidth)}] $ ${task.command}`);
  const child = spawn(task.command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const flushOut = prefixLines(child.stdout, process.stdout, task.label);
  const flushErr = prefixLines(child.stderr, process.stderr, task.label);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      flushOut();
      flushErr();
      task.seconds = (Date.now() - started) / 1000;
      task.code = code ?? `signal ${signal}`;
      resolve();
    });
  });
}

const started = Date.now();
const queue = [...tasks];
async function worker() {
  for (let task = queue.shift(); task; task = queue.shift()) await run(task);
}
await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));

console.log(`\n${tasks.length} commands, ${width} at a time:`);
for (const task of tasks) {
  const verdict = task.code === 0 ? 'ok  ' : 'FAIL';
  const exit = task.code === 0 ? '' : ` (exit ${task.code})`;
  console.log(
    `  ${verdict}  ${task.label.padEnd(labelWidth)}  ${task.seconds.toFixed(0)} s${exit}`,
  );
}
console.log(`  wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(tasks.every((task) => task.code === 0) ? 0 : 1);
