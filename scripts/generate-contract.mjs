// Generates web/src/lib/engine/contract.generated.ts, the TypeScript data types of the worker
// contract, from the Python core's JSON Schema (`python -m pyregex --schema`), so the two sides
// cannot drift. With --check it writes nothing and exits 1 when the file is stale (the contract test
// runs it). It must never add or rename a type itself: every shape comes from the schema, so a
// change starts on the Python side, then this script is rerun.
//
// Usage: node scripts/generate-contract.mjs [--check]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'web', 'src', 'lib', 'engine', 'contract.generated.ts');

const BANNER = `/**
 * generated, do not edit: \`npm run contract\` writes this file from the Python core's JSON Schema
 * (\`python -m pyregex --schema\`), and the contract test fails when it is stale.
 * Import these types through ./contract.ts.
 */`;

function python() {
  const venv = path.join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

/** The JSON Schema the Python core describes its requests and results with. */
export function pythonSchema() {
  const run = spawnSync(python(), ['-m', 'pyregex', '--schema'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: path.join(root, 'py') },
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`python -m pyregex --schema failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * Every def becomes one named type, so a `$ref` is written as that type's name (`tsType`) rather
 * than letting json-schema-to-typescript inline or renumber it: a `$ref` with a description next to
 * it would otherwise become a new numbered type (Span1, Span2...), and a def that refers to itself
 * (ExplainNode's children) a dangling ExplainNode1.
 */
function namedRefs(node, defs) {
  if (Array.isArray(node)) return node.map((item) => namedRefs(item, defs));
  if (node === null || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, namedRefs(v, defs)]));
  if (typeof out.$ref === 'string') {
    const name = out.$ref.replace(/^#\/\$defs\//, '');
    if (!(name in defs)) throw new Error(`unsupported $ref ${out.$ref}: only #/$defs/<name>`);
    delete out.$ref;
    out.tsType = defs[name].title ?? name;
  }
  return out;
}

/**
 * The generated TypeScript for `schema`: one type per def, named by its title, in the schema's
 * order, formatted with the project's Prettier settings.
 */
export async function renderContract(schema) {
  const defs = schema.$defs ?? {};
  const parts = [BANNER, ''];
  for (const [name, def] of Object.entries(defs)) {
    parts.push(
      await compile(namedRefs(def, defs), def.title ?? name, {
        bannerComment: '',
        additionalProperties: false,
        strictIndexSignatures: true,
        unknownAny: true,
        format: false,
      }),
    );
  }
  const options = (await prettier.resolveConfig(OUT)) ?? {};
  return prettier.format(parts.join('\n'), { ...options, filepath: OUT });
}

async function main() {
  const check = process.argv.includes('--check');
  const fresh = await renderContract(pythonSchema());
  const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : null;
  const rel = path.relative(root, OUT);
  if (check) {
    if (current !== fresh) {
      console.error(`${rel} is stale: run \`npm run contract\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${rel} is up to date.`);
    return;
  }
  if (current === fresh) {
    console.log(`${rel} is already up to date.`);
    return;
  }
  writeFileSync(OUT, fresh);
  console.log(`wrote ${rel}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
