/**
 * RedosCheck against the FakeEngine: when it checks (a new pattern, flags or op only), with what
 * budget, what it makes of each outcome, and that a newer result or null aborts the check.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluateRequest, Op, SuccessResult } from '../engine/contract';
import { fakeRedos, literalSearch } from '../engine/testing/fakeEngineWorker';
import { tableSuccess } from '../engine/testing/successes';
import { FakeEngine } from '../app/fakeEngine.svelte';
import type { Shown } from '../app/resultView';
import { REDOS_CHANNEL, RedosCheck, budgetMs, isVulnerable } from './redosCheck.svelte';

let nextId = 1;

function shownFor(pattern: string, text = 'aaa', op: Op = 'search', flags = ''): Shown {
  const request: EvaluateRequest = { pattern, text, flags, op };
  const result = literalSearch(request) as SuccessResult;
  return { id: nextId++, request, result: tableSuccess(result, text) };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

let check: RedosCheck | null = null;

afterEach(() => {
  check?.dispose();
  check = null;
});

function setup(options: { enabled?: boolean; answer?: boolean; deadlineMs?: number } = {}) {
  const engine = new FakeEngine();
  if (options.answer !== false) engine.redosAnswer = (request) => fakeRedos(request.pattern);
  check = new RedosCheck(engine, {
    enabled: options.enabled ?? true,
    deadlineMs: () => options.deadlineMs ?? 2000,
    maxSteps: 1234,
  });
  return { engine, check };
}

describe('RedosCheck', () => {
  it('checks the pattern of each result in the background, within the deadline', async () => {
    const { engine, check } = setup({ deadlineMs: 1000 });
    check.follow(shownFor('(a+)+$', 'aaa', 'match', 'i'));
    expect(engine.redosChecks).toHaveLength(1);
    const [call] = engine.redosChecks;
    expect(call?.request).toEqual({
      pattern: '(a+)+$',
      flags: 'i',
      op: 'match',
      maxSteps: 1234,
      maxMs: 500,
    });
    expect(call?.options).toMatchObject({ channel: REDOS_CHANNEL, background: true });
    expect(check.about('(a+)+$', 'i', 'match')).toEqual({ kind: 'checking' });
    await flush();
    const state = check.about('(a+)+$', 'i', 'match');
    expect(state?.kind).toBe('checked');
    if (state?.kind === 'checked') expect(state.result.verdict).toBe('exponential');
    expect(check.about('(a+)+$', '', 'match')).toBeNull();
    expect(check.about('(a+)+$', 'i', 'search')).toBeNull();
  });

  it('checks again only when the pattern, flags or op changed', async () => {
    const { engine, check } = setup();
    check.follow(shownFor('a+b', 'aab'));
    await flush();
    check.follow(shownFor('a+b', 'another text'));
    expect(engine.redosChecks).toHaveLength(1);
    check.follow(shownFor('a+b', 'x', 'findall'));
    check.follow(shownFor('a+b', 'x', 'findall', 'x'));
    check.follow(shownFor('a+c', 'x', 'findall', 'x'));
    expect(engine.redosChecks.map((c) => c.request.op)).toEqual([
      'search',
      'findall',
      'findall',
      'findall',
    ]);
  });

  it('aborts the check in flight when a newer request comes, and checks again after', async () => {
    const { engine, check } = setup({ answer: false });
    const shown = shownFor('(a+)+$');
    check.follow(shown);
    check.follow(null);
    await flush();
    expect(engine.redosChecks[0]?.settled).toBe(true); // aborted: resolved null
    expect(check.about('(a+)+$', '', 'search')).toBeNull();
    check.follow(shown);
    expect(engine.redosChecks).toHaveLength(2);
    check.follow(shownFor('b+'));
    await flush();
    expect(engine.redosChecks[1]?.settled).toBe(true);
    engine.finishRedos({ kind: 'done', result: fakeRedos('b+') });
    await flush();
    expect(check.about('b+', '', 'search')).toMatchObject({ kind: 'checked' });
  });

  it('keeps the verdict while a newer run of the same pattern waits', async () => {
    const { check } = setup();
    check.follow(shownFor('(a+)+$'));
    await flush();
    check.follow(null);
    expect(check.about('(a+)+$', '', 'search')?.kind).toBe('checked');
  });

  it('says nothing useful of a stopped, failed or interrupted check', async () => {
    const { engine, check } = setup({ answer: false });
    check.follow(shownFor('x'));
    engine.finishRedos({ kind: 'stopped', afterMs: 2000, how: 'interrupt', cause: 'deadline' });
    await flush();
    expect(check.about('x', '', 'search')).toEqual({ kind: 'failed', why: 'stopped (deadline)' });
    check.follow(shownFor('y'));
    engine.finishRedos({
      kind: 'done',
      result: { ok: false, error: { type: 'Interrupted', where: 'engine', message: 'stop' } },
    } as never);
    await flush();
    expect(check.about('y', '', 'search')).toEqual({ kind: 'failed', why: 'stop' });
  });

  it('never checks when disabled', () => {
    const { engine, check } = setup({ enabled: false });
    check.follow(shownFor('(a+)+$'));
    expect(engine.redosChecks).toHaveLength(0);
    expect(check.about('(a+)+$', '', 'search')).toBeNull();
  });
});

describe('budgetMs and isVulnerable', () => {
  it('keeps the analysis inside the deadline, at most 3 s', () => {
    expect(budgetMs(2000)).toBe(1000);
    expect(budgetMs(10_000)).toBe(3000);
    expect(budgetMs(400)).toBe(200);
  });

  it('warns for exponential and polynomial of degree 2 or more only', () => {
    const base = fakeRedos('a');
    expect(isVulnerable(base)).toBe(false);
    expect(isVulnerable(fakeRedos('(a)+'))).toBe(true);
    expect(isVulnerable({ ...base, verdict: 'polynomial', degree: 2 })).toBe(true);
    expect(isVulnerable({ ...base, verdict: 'polynomial', degree: 1 })).toBe(false);
    expect(isVulnerable({ ...base, verdict: 'unknown' })).toBe(false);
  });
});
