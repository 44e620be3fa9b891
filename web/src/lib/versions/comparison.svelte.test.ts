import { describe, expect, it } from 'vitest';
import { FakeEngine } from '../app/fakeEngine.svelte';
import type { EvaluateRequest, Suite, SuiteResult } from '../engine/contract';
import { RUNTIMES, type RuntimeKey } from '../engine/runtimes';
import { tableSuccess } from '../engine/testing/successes';
import { VersionComparison, type ComparePool } from './comparison.svelte';

/** A pool of fake engines; `made` records which versions were asked for. */
class FakePool implements ComparePool {
  readonly runtimes = RUNTIMES;
  selected: RuntimeKey = '3.14';
  readonly engines = new Map<RuntimeKey, FakeEngine>();

  client(key: RuntimeKey): FakeEngine {
    let engine = this.engines.get(key);
    if (engine === undefined) {
      engine = new FakeEngine();
      this.engines.set(key, engine);
    }
    return engine;
  }

  loaded(key: RuntimeKey): boolean {
    return this.engines.has(key);
  }
}

const request: EvaluateRequest = { pattern: 'a\\z', text: 'a', op: 'search' };

function ready(engine: FakeEngine): void {
  engine.state = {
    kind: 'ready',
    attempt: 1,
    info: { python: '3', pyodide: '0', pyregex: '0', boot: { from: 'fresh', problem: null } },
  };
}

function matchA(engine: FakeEngine): void {
  const span: [number, number] = [0, 1];
  engine.finish({
    kind: 'done',
    result: tableSuccess(
      {
        ok: true,
        op: 'search',
        python: '3.14.2',
        matches: [
          {
            span,
            span16: span,
            groups: [{ index: 0, name: null, span, span16: span, value: 'a' }],
          },
        ],
        truncated: false,
        output: { repr: "<re.Match object; span=(0, 1), match='a'>", value: 'a', truncated: false },
        groupCount: 0,
        groupNames: {},
        flags: ['UNICODE'],
        warnings: [],
        elapsedMs: 0,
      },
      'a',
    ),
  });
}

function badEscape(engine: FakeEngine): void {
  engine.finish({
    kind: 'done',
    result: {
      ok: false,
      error: {
        type: 'error',
        where: 'pattern',
        message: 'bad escape \\z at position 1',
        pos: 1,
        pos16: 1,
        lineno: 1,
        colno: 2,
      },
    },
  });
}

describe('comparing versions', () => {
  it('runs the request on every version but the selected one, once', () => {
    const pool = new FakePool();
    const comparison = new VersionComparison(pool);
    pool.client('3.14').submit(request); // the page's own run
    comparison.run(request, null);
    comparison.run(request, null);
    for (const runtime of RUNTIMES) {
      expect(pool.client(runtime.key).submitted.length, runtime.key).toBe(1);
    }
    expect(pool.client('3.12').suites).toEqual([]);
  });

  it('marks the rows that differ, with their own message, and the same ones as same', async () => {
    const pool = new FakePool();
    const comparison = new VersionComparison(pool);
    pool.client('3.14').submit(request);
    comparison.run(request, null);
    expect(comparison.rows.map((row) => row.loading)).toEqual([true, true, true, true, true]);
    expect(comparison.settled).toBe(false);
    for (const key of ['3.11', '3.12', '3.13']) {
      ready(pool.client(key));
      badEscape(pool.client(key));
    }
    for (const key of ['3.14', '3.15']) {
      ready(pool.client(key));
      matchA(pool.client(key));
    }
    const rows = comparison.rows;
    expect(comparison.settled).toBe(true);
    expect(rows.map((row) => [row.runtime.key, row.selected, row.difference])).toEqual([
      ['3.11', false, 'error: bad escape \\z at position 1'],
      ['3.12', false, 'error: bad escape \\z at position 1'],
      ['3.13', false, 'error: bad escape \\z at position 1'],
      ['3.14', true, null],
      ['3.15', false, null],
    ]);
    expect(rows.every((row) => !row.loading)).toBe(true);
  });

  it('ignores an answer to an older request, and runs the suite only when it has cases', () => {
    const pool = new FakePool();
    const comparison = new VersionComparison(pool);
    const suite: Suite = { pattern: 'a', op: 'search', tests: [{ text: 'a', expect: 'match' }] };
    comparison.run(request, suite);
    const old = pool.client('3.12');
    ready(old);
    const newer = { ...request, text: 'b' };
    comparison.run(newer, { ...suite, tests: [] });
    matchA(old); // answers the newest request (as EngineClient does, latest wins)
    expect(comparison.rows[1]?.outcome.run.kind).toBe('result');
    expect(comparison.rows[1]?.outcome.suite).toBeNull();
    expect(old.suites.length).toBe(1);

    comparison.run(newer, suite);
    const result: SuiteResult = {
      passed: 1,
      failed: 0,
      python: '3.12.7',
      error: null,
      elapsedMs: 1,
      cases: [
        {
          index: 0,
          name: null,
          ok: true,
          status: 'pass',
          expected: { expect: 'match' },
          actual: null,
          message: '',
          elapsedMs: 0,
        },
      ],
    };
    expect(comparison.rows[1]?.outcome.suite).toEqual({ kind: 'pending' });
    old.finishSuite({ kind: 'done', result });
    expect(comparison.rows[1]?.outcome.suite).toMatchObject({ kind: 'done', passed: 1 });
  });

  it('follows the selected version', () => {
    const pool = new FakePool();
    const comparison = new VersionComparison(pool);
    comparison.run(request, null);
    for (const runtime of RUNTIMES) ready(pool.client(runtime.key));
    badEscape(pool.client('3.12'));
    matchA(pool.client('3.13'));
    pool.selected = '3.12';
    comparison.run(request, null); // the page calls it again when the selection changes
    const rows = comparison.rows;
    expect(rows.find((row) => row.selected)?.runtime.key).toBe('3.12');
    expect(rows.find((row) => row.runtime.key === '3.13')?.difference).toBe('1 match');
  });
});
