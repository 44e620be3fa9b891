/**
 * Test double for the Workspace's engine: a reactive stand-in for EngineClient that records what it
 * is asked and lets a test publish outcomes. Imported only by *.test.ts files, never by the page.
 */
import type {
  EvaluateRequest,
  ExplainResult,
  RedosRequest,
  Suite,
  SuiteResult,
  TraceAnswer,
} from '../engine/contract';
import type {
  AnalysisOptions,
  RedosAnswer,
  RedosOutcome,
  RunOutcome,
  SuiteOutcome,
  TraceOptions,
  TraceOutcome,
} from '../engine/engineClient.svelte';
import { traceOf, type Trace } from '../engine/tracing';
import { fakeTrace } from '../engine/testing/fakeEngineWorker';
import { initialLifecycle, type Lifecycle } from '../engine/lifecycle';
import { explainNode, explanationOf } from '../engine/testing/explainTrees';
import { DEFAULT_RUNTIME, isRuntimeKey, type RuntimeKey } from '../engine/runtimes';
import type { EngineSource } from './currentEngine.svelte';
import type { VersionedEngine } from './workspace.svelte';

/**
 * One engine for every version (a test that does not care which): choosing a version only
 * records it. FakePool below gives each version an engine of its own.
 */
export class FakeEngine implements VersionedEngine {
  selected = $state<RuntimeKey>(DEFAULT_RUNTIME);
  state = $state.raw<Lifecycle>(initialLifecycle());
  result = $state.raw<RunOutcome | null>(null);
  latestId = $state(0);
  deadlineMs = $state(2000);
  readonly submitted: EvaluateRequest[] = [];
  readonly explained: Array<{ pattern: string; flags: string }> = [];
  readonly coded: EvaluateRequest[] = [];
  suiteResult = $state.raw<SuiteOutcome | null>(null);
  latestSuiteId = $state(0);
  readonly suites: Suite[] = [];
  readonly pytested: Suite[] = [];
  /** Every trace asked for, in order; `answer` settles it (see `finishTrace`). */
  readonly traces: FakeTraceCall[] = [];
  /**
   * When set, answers each trace at once with what it returns (null: superseded). Otherwise a
   * trace waits until the test calls `finishTrace`.
   */
  traceAnswer: ((request: EvaluateRequest, options: TraceOptions) => Trace | null) | null = null;
  /** Every ReDoS check asked for, in order; `finishRedos` settles it. */
  readonly redosChecks: FakeRedosCall[] = [];
  /** When set, answers each ReDoS check at once with what it returns (null: superseded). */
  redosAnswer: ((request: RedosRequest) => RedosAnswer | null) | null = null;
  /** What explain answers. */
  explanation: (pattern: string, flags: string) => ExplainResult = (pattern) =>
    explanationOf(explainNode('pattern', [0, pattern.length]));

  select(key: RuntimeKey): void {
    this.selected = key;
  }

  submit(request: EvaluateRequest): number {
    this.submitted.push(request);
    this.latestId += 1;
    return this.latestId;
  }

  async explain(pattern: string, flags: string): Promise<ExplainResult | null> {
    this.explained.push({ pattern, flags });
    return this.explanation(pattern, flags);
  }

  async toPython(request: EvaluateRequest): Promise<string | null> {
    this.coded.push(request);
    return `re.${request.op}(...)`;
  }

  /**
   * Records the trace and answers it with `traceAnswer`, or holds it for `finishTrace`. Like
   * EngineClient, an aborted trace resolves null (and a trace's ids come from the same counter).
   */
  trace(request: EvaluateRequest, options: TraceOptions): Promise<TraceOutcome | null> {
    const answer = this.traceAnswer;
    return heldCall<EvaluateRequest, TraceOptions, FakeTraceAnswer, TraceOutcome>(
      this.traces,
      request,
      options,
      answer === null
        ? null
        : () => {
            const result = answer(request, options);
            return result === null ? null : { kind: 'done', result };
          },
    );
  }

  /**
   * Records the ReDoS check and answers it with `redosAnswer`, or holds it for `finishRedos`. An
   * aborted check resolves null, as with EngineClient.
   */
  redos(request: RedosRequest, options: AnalysisOptions = {}): Promise<RedosOutcome | null> {
    const answer = this.redosAnswer;
    return heldCall<RedosRequest, AnalysisOptions, FakeRedosAnswer, RedosOutcome>(
      this.redosChecks,
      request,
      options,
      answer === null
        ? null
        : () => {
            const result = answer(request);
            return result === null ? null : { kind: 'done', result };
          },
    );
  }

  /** Settles the newest unsettled ReDoS check (or check `index`) with `outcome`. */
  finishRedos(outcome: FakeRedosAnswer | null, index?: number): void {
    const call =
      index === undefined ? this.redosChecks.findLast((c) => !c.settled) : this.redosChecks[index];
    if (call === undefined) throw new Error('No ReDoS check to finish');
    call.answer(outcome);
  }

  /** Settles the newest unsettled trace (or trace `index`) with `outcome` (null: superseded). */
  finishTrace(outcome: FakeTraceAnswer | null, index?: number): void {
    const call = index === undefined ? this.traces.findLast((c) => !c.settled) : this.traces[index];
    if (call === undefined) throw new Error('No trace to finish');
    call.answer(outcome);
  }

  submitSuite(suite: Suite): number {
    this.suites.push(suite);
    this.latestSuiteId += 1;
    return this.latestSuiteId;
  }

  async suiteToPytest(suite: Suite): Promise<string | null> {
    this.pytested.push(suite);
    return `def test_pattern():  # ${suite.tests.length} cases\n    ...\n`;
  }

  /**
   * Publishes the newest suite's outcome, as EngineClient does, with a copy of the suite (as the
   * worker's answer is). `result` may be given whole, or built from a verdict per case.
   */
  finishSuite(
    outcome:
      | { kind: 'done'; result: SuiteResult }
      | Omit<Extract<SuiteOutcome, { kind: 'stopped' }>, 'id' | 'suite'>
      | { kind: 'engineError'; message: string },
  ): void {
    this.suiteResult = {
      ...outcome,
      id: this.latestSuiteId,
      suite: structuredClone(this.suites.at(-1)!),
    } as SuiteOutcome;
  }

  /** Publishes an outcome for the newest request, as EngineClient does. */
  finish(outcome: Omit<RunOutcome, 'id' | 'request'> & Partial<RunOutcome>): void {
    this.result = {
      id: this.latestId,
      request: this.submitted.at(-1)!,
      ...outcome,
    } as RunOutcome;
  }
}

/**
 * A FakeEngine `traceAnswer` that traces like the fake worker does (a literal search of the
 * pattern, one step per start position: see fakeTrace), e.g. `engine.traceAnswer = literalTrace`.
 */
export function literalTrace(request: EvaluateRequest, options: TraceOptions): Trace {
  const { maxSteps, maxTraceSteps } = options;
  const result = fakeTrace(request, { maxSteps, maxTraceSteps });
  return traceOf({ result, data: new ArrayBuffer(0), memoryBytes: null } as TraceAnswer, request);
}

/** A trace outcome without the id and request (FakeEngine adds them). */
export type FakeTraceAnswer =
  | { kind: 'done'; result: Trace }
  | Omit<Extract<TraceOutcome, { kind: 'stopped' }>, 'id' | 'request'>
  | { kind: 'engineError'; message: string };

/** A ReDoS outcome without the id and request (FakeEngine adds them). */
export type FakeRedosAnswer =
  | { kind: 'done'; result: RedosAnswer }
  | Omit<Extract<RedosOutcome, { kind: 'stopped' }>, 'id' | 'request'>
  | { kind: 'engineError'; message: string };

/** One ReDoS check a FakeEngine was asked for. */
/**
 * Records one analysis call (a trace or a ReDoS check) in `calls` and answers it at once with
 * `now()` when given, else holds it for the test to finish; an aborted call resolves null, as with
 * EngineClient. Each outcome carries its call's id (1-based) and request.
 */
function heldCall<
  Request,
  Options extends { signal?: AbortSignal },
  Answer extends object,
  Outcome,
>(
  calls: Array<{
    request: Request;
    options: Options;
    settled: boolean;
    answer(outcome: Answer | null): void;
  }>,
  request: Request,
  options: Options,
  now: (() => Answer | null) | null,
): Promise<Outcome | null> {
  return new Promise((resolve) => {
    const call = {
      request,
      options,
      settled: false,
      answer: (outcome: Answer | null) => {
        if (call.settled) return;
        call.settled = true;
        resolve(
          outcome === null
            ? null
            : ({ id: calls.indexOf(call) + 1, request, ...outcome } as Outcome),
        );
      },
    };
    calls.push(call);
    options.signal?.addEventListener('abort', () => call.answer(null), { once: true });
    if (options.signal?.aborted) call.answer(null);
    else if (now !== null) call.answer(now());
  });
}

export interface FakeRedosCall {
  request: RedosRequest;
  options: AnalysisOptions;
  settled: boolean;
  answer(outcome: FakeRedosAnswer | null): void;
}

/** One trace a FakeEngine was asked for. */
export interface FakeTraceCall {
  request: EvaluateRequest;
  options: TraceOptions;
  /** Answered, aborted or superseded: later answers are ignored. */
  settled: boolean;
  answer(outcome: FakeTraceAnswer | null): void;
}

/** An engine pool of FakeEngines, one per version, made when first chosen (as EnginePool does). */
export class FakePool implements EngineSource<FakeEngine> {
  selected = $state<RuntimeKey>(DEFAULT_RUNTIME);
  /** Every engine made so far, by version. */
  // Read by the tests, not rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly engines = new Map<RuntimeKey, FakeEngine>();

  constructor(initial: RuntimeKey = DEFAULT_RUNTIME) {
    this.selected = initial;
    this.engine(initial);
  }

  get current(): FakeEngine {
    return this.engine(this.selected);
  }

  /** Unknown keys are ignored, as EnginePool ignores them. */
  select(key: RuntimeKey): void {
    if (!isRuntimeKey(key)) return;
    this.selected = key;
    this.engine(key);
  }

  /** The engine of `key`, made on first use. */
  engine(key: RuntimeKey): FakeEngine {
    let engine = this.engines.get(key);
    if (engine === undefined) {
      engine = new FakeEngine();
      this.engines.set(key, engine);
    }
    return engine;
  }
}
