/**
 * Keeps the TypeScript contract and the Python core in step: the generated types must match the
 * current schema, and real results from the Python core (every op, errors, warnings, an interrupt,
 * explain) must validate against that schema here, in JS, with a validator that knows nothing of
 * Python. A failure means the two sides drifted: fix the Python side or rerun `npm run contract`.
 */
import Ajv2020 from 'ajv/dist/2020';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluateRequest, EvaluateResult } from './contract';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const venvPython = path.join(root, '.venv', 'bin', 'python');
const python = existsSync(venvPython) ? venvPython : 'python3';
const pythonEnv = { ...process.env, PYTHONPATH: path.join(root, 'py') };

function runPython(args: string[], input?: string): string {
  const run = spawnSync(python, args, { cwd: root, env: pythonEnv, input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${python} ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

const aBunch = 'a'.repeat(40);

/** Requests covering every op and the interesting corners of each, as the page sends them. */
const REQUESTS: EvaluateRequest[] = [
  { op: 'match', pattern: '(a)(b)?', text: 'ac' },
  { op: 'match', pattern: 'x', text: 'ab' },
  { op: 'search', pattern: '(?P<word>\\w+)@(?P<host>\\w+)', text: 'mail me@host now' },
  { op: 'fullmatch', pattern: '[a-z]+', text: 'abc', flags: 'i' },
  { op: 'findall', pattern: '\\d+', text: 'a1b22c333' },
  { op: 'findall', pattern: '(\\w)=(\\d)?', text: 'a=1 b= c=3' },
  { op: 'finditer', pattern: 'b+', text: '😀a😀bb' },
  { op: 'finditer', pattern: '^\\w', text: 'one\ntwo', flags: 'm' },
  { op: 'finditer', pattern: 'a', text: 'aaaa', maxMatches: 2 },
  { op: 'sub', pattern: '(\\w+)@(\\w+)', text: 'me@host you@there', replacement: '\\2' },
  { op: 'sub', pattern: 'a', text: 'aaa', replacement: 'b', count: 2 },
  { op: 'subn', pattern: '😀', text: 'x😀y😀', replacement: '<\\g<0>>' },
  { op: 'split', pattern: '(,)|(;)', text: 'a,b;c', maxsplit: 1 },
  { op: 'split', pattern: '\\s*', text: 'a b' },
  { op: 'search', pattern: '\ud800', text: 'x\ud800y' },
  // Warnings: a possible nested set is a FutureWarning in CPython.
  { op: 'search', pattern: '[[a]', text: '[a' },
  // Errors: pattern, flags, replacement.
  { op: 'search', pattern: '(', text: 'x' },
  { op: 'search', pattern: 'a{2,1}', text: 'x' },
  { op: 'search', pattern: 'a', text: 'a', flags: 'au' },
  { op: 'search', pattern: 'a', text: 'a', flags: 'l' },
  { op: 'sub', pattern: '(a)', text: 'a', replacement: '\\2' },
  { op: 'sub', pattern: 'a', text: 'a', replacement: '\\g<' },
];

/** Results only Python itself can be asked for: malformed requests, an interrupt, explain. */
const DIRECT = `
import json, signal, sys
import pyregex

out = {"malformed": [pyregex.evaluate(r) for r in (
    {"pattern": "a", "text": "a"},
    {"pattern": "a", "text": "a", "op": "nope"},
    {"pattern": "a", "text": "a", "op": "search", "extra": 1},
    "not an object",
)]}

# A runaway match stopped by SIGINT-like KeyboardInterrupt, as Pyodide's interrupt buffer does.
signal.signal(signal.SIGALRM, signal.default_int_handler)
signal.setitimer(signal.ITIMER_REAL, 0.2)
out["interrupted"] = pyregex.evaluate({"op": "search", "pattern": "(a+)+$", "text": "${aBunch}b"})
signal.setitimer(signal.ITIMER_REAL, 0)

explain = getattr(pyregex, "explain", None)
out["explain"] = [explain(p, f) for p, f in json.loads(sys.argv[1])] if explain else None
json.dump(out, sys.stdout)
`;

const EXPLAIN_CASES: [string, string][] = [
  ['(?P<year>\\d{4})-(\\d\\d)?', ''],
  ['^a|b$', 'm'],
  ['(?i:x)[^a-z\\s]*?\\bfoo(?=bar)(?<!baz)', 'x'],
  ['(a)(?(1)b|c)\\1', ''],
  ['(', ''],
];

type Validate = ((value: unknown) => boolean) & { errors?: unknown };

describe('the TS contract matches the Python core', () => {
  let schema: { $defs: Record<string, unknown> };
  let validate: (def: string) => Validate;

  beforeAll(() => {
    schema = JSON.parse(runPython(['-m', 'pyregex', '--schema']));
    // Strict, except that an if/then may require keys its own subschema does not list (ExplainNode).
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
    ajv.addSchema(schema, 'pyregex');
    validate = (def) => {
      const fn = ajv.getSchema(`pyregex#/$defs/${def}`);
      if (!fn) throw new Error(`the schema has no $defs/${def}`);
      return fn as Validate;
    };
  });

  it('contract.generated.ts is up to date with `python -m pyregex --schema`', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'scripts', 'generate-contract.mjs'), '--check'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr || run.stdout).toBe(0);
  });

  it('defines every type the contract file imports', () => {
    for (const name of ['EvaluateRequest', 'EvaluateResult', 'ExplainResult']) {
      expect(Object.values(schema.$defs).map((d) => (d as { title?: string }).title)).toContain(
        name,
      );
    }
  });

  it('accepts every request the test sends', () => {
    const check = validate('EvaluateRequest');
    for (const request of REQUESTS) expect(check(request), JSON.stringify(check.errors)).toBe(true);
  });

  it('validates real results of `python -m pyregex` for every op, error and warning', () => {
    const results = JSON.parse(
      runPython(['-m', 'pyregex'], JSON.stringify(REQUESTS)),
    ) as EvaluateResult[];
    expect(results).toHaveLength(REQUESTS.length);
    const check = validate('EvaluateResult');
    results.forEach((result, i) => {
      expect(check(result), `${JSON.stringify(REQUESTS[i])}: ${JSON.stringify(check.errors)}`).toBe(
        true,
      );
    });

    // The set is only worth something if it reached the corners it claims to.
    const ok = results.filter((r) => r.ok);
    const failed = results.filter((r) => !r.ok);
    expect(new Set(ok.map((r) => r.op))).toEqual(
      new Set(['match', 'search', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split']),
    );
    expect(new Set(failed.map((r) => r.error.where))).toEqual(
      new Set(['pattern', 'flags', 'replacement']),
    );
    expect(ok.some((r) => r.warnings.length > 0)).toBe(true);
    expect(ok.some((r) => r.truncated)).toBe(true);
    expect(ok.some((r) => r.matches.some((m) => m.outputSpan16 !== undefined))).toBe(true);
    expect(ok.some((r) => r.matches.some((m) => m.groups.some((g) => g.span === null)))).toBe(true);
  });

  describe('results only Python itself gives', () => {
    let direct: { malformed: unknown[]; interrupted: unknown; explain: unknown[] | null };

    beforeAll(() => {
      direct = JSON.parse(runPython(['-c', DIRECT, JSON.stringify(EXPLAIN_CASES)]));
    });

    it('validates malformed-request errors', () => {
      const check = validate('EvaluateResult');
      for (const result of direct.malformed) {
        expect(result).toMatchObject({
          ok: false,
          error: { type: 'RequestError', where: 'request' },
        });
        expect(check(result), JSON.stringify(check.errors)).toBe(true);
      }
    });

    it('validates the Interrupted result', () => {
      expect(direct.interrupted).toMatchObject({
        ok: false,
        error: { type: 'Interrupted', where: 'engine' },
      });
      expect(validate('EvaluateResult')(direct.interrupted)).toBe(true);
    });

    it('validates explain results', () => {
      expect(direct.explain, 'pyregex.explain is missing').not.toBeNull();
      const check = validate('ExplainResult');
      direct.explain?.forEach((result, i) => {
        expect(
          check(result),
          `${JSON.stringify(EXPLAIN_CASES[i])}: ${JSON.stringify(check.errors)}`,
        ).toBe(true);
      });
    });
  });
});
