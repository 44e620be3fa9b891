/**
 * Test double for the engine worker: a fake EngineApi exposed through Comlink on a real
 * MessageChannel, behind an object shaped like a Worker (postMessage, events, terminate). The
 * client under test talks to it exactly as it talks to engine.worker.ts. Test-only: never import
 * it from app code, and keep it free of Pyodide and of timers that tests fake.
 *
 * What a fake evaluation does is chosen by the pattern's prefix:
 *   `slow:`  runs until interrupted: answers `Interrupted` once 2 is written into the buffer
 *   `deaf:`  runs forever and ignores the buffer (only terminate() stops it)
 *   `held:`  waits until the test calls `engine.release()`
 *   `crash:` rejects with an Error named EngineCrashed
 *   `oom:`   rejects with an Error named EngineOutOfMemory
 *   `bloat:` answers like a literal search, with the engine's memory grown to FAKE_BLOATED_BYTES
 *   anything else: a literal substring search of the pattern in the text
 *
 * With an answer mailbox (isolated pages) and a `runMs` set, every evaluation with a ticket is also
 * put in it, saying it took the engine `runMs` (unset: the fake never uses the mailbox, so the client
 * never waits on it); a FakeEngineWorker made with `answersAtOnce` (runMs 1 unless set) puts a plain
 * evaluation there the moment the client sends it, as a quick worker would while the page waits.
 *
 * A fake suite follows the progress-buffer protocol of the real one (SUITE_PROGRESS in
 * contract.ts, should_stop in py/pyregex/suite.py): before each case it writes index + 1 into slot 0
 * and stops if slot 1 is 1, and once every verdict is in it writes the case count + 1. Each case is
 * a literal search of the suite's pattern, except, by the case's text prefix:
 *   `slow:`  runs until interrupted; then `skipped` with the rest if slot 1 is 1, else `timeout`
 *   `deaf:`  runs forever and ignores the buffer
 * A fake trace takes the same prefixes as an evaluation (`slow:`, `deaf:`, `held:`, `crash:`);
 * otherwise it is `fakeTrace` below: a literal search that takes one step per start position.
 *
 * and by the suite's pattern prefix: `held:` waits until `engine.release()` before it starts,
 * `late:` waits for it after every verdict is in (as if encoding a big answer), `crash:` rejects
 * with EngineCrashed.
 */
import { expose } from 'comlink';
import type {
  EngineApi,
  ErrorResult,
  RedosRequest,
  RedosResult,
  EngineInfo,
  EngineInitOptions,
  EvaluateRequest,
  EvaluateAnswer,
  EvaluateResult,
  LoadProgress,
  Match,
  RunSuiteRequest,
  Span,
  Suite,
  SuiteCase,
  CaseResult,
  SuiteResult,
  TraceAnswer,
  TraceBudgets,
  TraceStep,
  TraceSuccess,
} from '../contract';
import { SUITE_PROGRESS } from '../contract';
import type { EngineWorker, Explanation } from '../engineClient.svelte';
import { engineOutOfMemory } from '../outOfMemory';
import { postAnswer } from '../answerMailbox';

/** Captured before any test fakes timers: the fake engine's own clock is real time. */
const realSetTimeout = globalThis.setTimeout;

export const FAKE_INFO: EngineInfo = {
  python: '3.14.2 (fake)',
  pyodide: '314.0.7',
  pyregex: '0.0.0-fake',
  boot: { from: 'fresh', problem: null },
};

export const FAKE_PROGRESS: LoadProgress = {
  label: 'Python runtime',
  file: 'pyodide.asm.wasm',
  loaded: 2_100_000,
  total: 9_600_000,
};

/** What the fake engine answers for a request that is not a special prefix. */
export function literalSearch(request: EvaluateRequest): EvaluateResult {
  const matches: Match[] = [];
  const { pattern, text } = request;
  if (pattern !== '') {
    for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) {
      const span: Span = [at, at + pattern.length];
      matches.push({
        span,
        span16: span,
        groups: [{ index: 0, name: null, span, span16: span, value: pattern }],
      });
    }
  }
  return {
    ok: true,
    op: request.op,
    python: FAKE_INFO.python,
    matches,
    truncated: false,
    output: {
      repr: `[${matches.map(() => `'${pattern}'`).join(', ')}]`,
      value: matches.map(() => pattern),
      truncated: false,
    },
    groupCount: 0,
    groupNames: {},
    flags: ['UNICODE'],
    warnings: [],
    elapsedMs: 0.1,
  };
}

/**
 * The worker's wire form of a result. The fake sends its matches as objects (`packed: null`),
 * which the client reads the same way; the real packing is tested against Pyodide.
 */
export function answerOf(
  result: EvaluateResult,
  memoryBytes: number | null = null,
): EvaluateAnswer {
  return { evaluation: { result, packed: null }, data: new ArrayBuffer(0), memoryBytes };
}

/**
 * The fake interpreter's trace of a literal search: one step per start position tried, up to the
 * end of the text (a backtrack where the attempt fails), so match i costs the positions from the
 * previous match's end to its own start, plus one. Past `maxSteps` it is truncated, and it keeps
 * the first `maxTraceSteps` steps as objects (the fake sends them unpacked).
 */
export function fakeTrace(request: EvaluateRequest, budgets: TraceBudgets): TraceSuccess {
  const found = literalSearch(request);
  const matches = found.ok ? found.matches : [];
  const { pattern, text } = request;
  const steps: TraceStep[] = [];
  const matchSteps: number[] = [];
  let since = 0;
  for (let pos = 0; pos <= text.length; pos++) {
    const match = matches.find((m) => m.span16[0] === pos);
    steps.push({
      op: 'LITERAL',
      pattern16: [0, pattern.length],
      pos16: pos,
      start16: pos,
      backtrack: match === undefined,
      group: null,
    });
    since += 1;
    if (match !== undefined) {
      matchSteps.push(since);
      since = 0;
    }
  }
  const truncated = steps.length > budgets.maxSteps;
  const counted = truncated ? budgets.maxSteps : steps.length;
  const kept = steps.slice(0, Math.min(counted, budgets.maxTraceSteps));
  const last = steps[counted - 1];
  return {
    ok: true,
    op: request.op,
    python: FAKE_INFO.python,
    supported: true,
    truncated,
    steps: counted,
    backtracks: steps.slice(0, counted).filter((step) => step.backtrack).length,
    matches: truncated ? null : matches,
    matchSteps: truncated ? null : matchSteps,
    trace: kept,
    traceComplete: kept.length === steps.length,
    stoppedAt: truncated && last ? { pos16: last.pos16, pattern16: last.pattern16 } : null,
    maxSteps: budgets.maxSteps,
    maxTraceSteps: budgets.maxTraceSteps,
  };
}

/** The memory a `bloat:` run leaves the fake engine holding: 2 GB. */
export const FAKE_BLOATED_BYTES = 2_000_000_000;

/** The fake engine's memory after an ordinary run, as the real one reports it (about 31 MB). */
export const FAKE_RUN_BYTES = 31_000_000;

/** The patterns with a behaviour of their own (the list above): never plain literal searches. */
const SPECIAL_PATTERN = /^(slow|deaf|held|crash|oom|bloat):/;

/** A stand-in answer of `explain`, recognisable in assertions. */
export function fakeExplanation(pattern: string): Explanation {
  return { explained: pattern } as unknown as Explanation;
}

export function interruptedResult(): EvaluateResult {
  return {
    ok: false,
    error: {
      type: 'Interrupted',
      where: 'engine',
      message: 'KeyboardInterrupt',
      pos: null,
      pos16: null,
      lineno: null,
      colno: null,
    },
  };
}

export function engineCrashed(message = 'memory access out of bounds'): Error {
  const error = new Error(`The Python engine crashed and must be restarted: ${message}`);
  error.name = 'EngineCrashed';
  return error;
}

/** How the fake engine of one worker starts. */
export interface FakeEngineScript {
  /** Reject init with this message. */
  initError?: string;
  /** Wait in init (after the progress report, if any) until `engine.releaseInit()`. */
  holdInit?: boolean;
  /** Send no progress report. */
  quiet?: boolean;
}

interface Held {
  request: EvaluateRequest;
  resolve: (result: EvaluateResult) => void;
}

/** The verdict on one case that ran to its end: a literal search of `pattern` in its text. */
export function fakeCaseResult(pattern: string, testCase: SuiteCase, index: number): CaseResult {
  const matched = pattern !== '' && testCase.text.includes(pattern);
  const ok = matched === (testCase.expect === 'match');
  return {
    index,
    name: testCase.name ?? null,
    ok,
    status: ok ? 'pass' : 'fail',
    expected: { expect: testCase.expect },
    actual: { matched, groups: {}, output: null, outputRepr: 'None' },
    message: ok ? '' : `expected ${testCase.expect}`,
    elapsedMs: 0.01,
  };
}

/** A case that did not run to its end. */
function unfinishedCase(testCase: SuiteCase, index: number, status: 'timeout' | 'skipped') {
  return {
    index,
    name: testCase.name ?? null,
    ok: false,
    status,
    expected: { expect: testCase.expect },
    actual: null,
    message: status === 'timeout' ? 'stopped after its time limit' : 'not run',
    elapsedMs: 0,
  } satisfies CaseResult;
}

/** A SuiteResult over `cases`, counted as the real engine counts them. */
export function fakeSuiteResult(cases: CaseResult[]): SuiteResult {
  const passed = cases.filter((c) => c.ok).length;
  return {
    passed,
    failed: cases.length - passed,
    python: FAKE_INFO.python,
    cases,
    error: null,
    elapsedMs: 0.1,
  };
}

/** The fake runtime of one worker: records what it was asked and answers per the prefixes above. */
export class FakeEngine implements EngineApi {
  readonly inits: EngineInitOptions[] = [];
  readonly evaluations: EvaluateRequest[] = [];
  /** Every trace asked for, in order, with its budgets. */
  readonly traces: Array<{ request: EvaluateRequest; budgets: TraceBudgets }> = [];
  readonly explained: Array<[string, string]> = [];
  readonly suites: RunSuiteRequest[] = [];
  /** What each suite run answered, stale or not (the client may never publish it). */
  readonly suiteAnswers: SuiteResult[] = [];
  readonly pytests: Suite[] = [];
  interruptBuffer: Int32Array | null = null;
  progressBuffer: Int32Array | null = null;
  answerMailbox: SharedArrayBuffer | null = null;
  /** What the fake says each evaluation took it, in the answer mailbox; null: it never mails. */
  runMs: number | null = null;
  #heldSuites: Array<() => void> = [];
  #held: Held[] = [];
  #openInit: () => void = () => {};
  readonly #initGate = new Promise<void>((resolve) => (this.#openInit = resolve));
  #onProgress: ((progress: LoadProgress) => void) | null = null;
  #stopped = false;

  constructor(readonly script: FakeEngineScript = {}) {}

  async init(
    options: EngineInitOptions,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<EngineInfo> {
    this.inits.push(options);
    this.interruptBuffer = options.interruptBuffer;
    this.progressBuffer = options.progressBuffer;
    this.answerMailbox = options.answerMailbox ?? null;
    this.#onProgress = onProgress;
    if (!this.script.quiet) await onProgress(FAKE_PROGRESS);
    if (this.script.holdInit) await this.#initGate;
    if (this.script.initError !== undefined) throw new Error(this.script.initError);
    return FAKE_INFO;
  }

  async evaluate(request: EvaluateRequest, ticket?: number): Promise<EvaluateAnswer> {
    const result = await this.#evaluate(request);
    const answer = answerOf(
      result,
      request.pattern.startsWith('bloat:') ? FAKE_BLOATED_BYTES : FAKE_RUN_BYTES,
    );
    this.mail(answer, ticket);
    return answer;
  }

  /** Puts `answer` in the answer mailbox under `ticket`, as the real runtime does. */
  mail(answer: EvaluateAnswer, ticket: number | undefined): void {
    if (this.answerMailbox === null || ticket === undefined || this.runMs === null) return;
    const { evaluation, data, memoryBytes } = answer;
    postAnswer(
      this.answerMailbox,
      ticket,
      { json: JSON.stringify(evaluation), data, memoryBytes },
      this.runMs,
    );
  }

  async #evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
    this.evaluations.push(request);
    const { pattern } = request;
    if (pattern.startsWith('crash:')) throw engineCrashed();
    if (pattern.startsWith('oom:')) throw engineOutOfMemory('MemoryError');
    if (pattern.startsWith('held:')) {
      return new Promise((resolve) => this.#held.push({ request, resolve }));
    }
    if (pattern.startsWith('slow:') || pattern.startsWith('deaf:')) {
      const honoursInterrupt = pattern.startsWith('slow:');
      return this.#runUntilInterrupted(honoursInterrupt).then(interruptedResult);
    }
    return literalSearch(request);
  }

  /** Resolves once 2 is written into the interrupt buffer (never, if `honours` is false). */
  #runUntilInterrupted(honours: boolean): Promise<void> {
    return new Promise((resolve) => {
      const poll = (): void => {
        if (this.#stopped) return;
        const buffer = this.interruptBuffer;
        if (honours && buffer !== null && Atomics.load(buffer, 0) === 2) {
          Atomics.store(buffer, 0, 0); // as Pyodide does once it raised KeyboardInterrupt
          resolve();
          return;
        }
        realSetTimeout(poll, 1);
      };
      poll();
    });
  }

  /** Every ReDoS check asked for, in order. */
  readonly redosChecks: RedosRequest[] = [];

  /**
   * A fake ReDoS check: `slow:` and `deaf:` run until interrupted (as for an evaluation), a
   * pattern with `)+` is exponential with the attack 'a' × n + '!', anything else is safe.
   */
  async redos(request: RedosRequest): Promise<RedosResult | ErrorResult> {
    this.redosChecks.push(request);
    const { pattern } = request;
    if (pattern.startsWith('crash:')) throw engineCrashed();
    if (pattern.startsWith('slow:') || pattern.startsWith('deaf:')) {
      await this.#runUntilInterrupted(pattern.startsWith('slow:'));
      return interruptedResult() as ErrorResult;
    }
    return fakeRedos(pattern);
  }

  async trace(request: EvaluateRequest, budgets: TraceBudgets): Promise<TraceAnswer> {
    this.traces.push({ request, budgets });
    const { pattern } = request;
    const answer = (result: TraceAnswer['result']): TraceAnswer => ({
      result,
      data: new ArrayBuffer(0),
      memoryBytes: FAKE_RUN_BYTES,
    });
    if (pattern.startsWith('crash:')) throw engineCrashed();
    if (pattern.startsWith('held:')) {
      const released = await new Promise<EvaluateResult>((resolve) =>
        this.#held.push({ request, resolve }),
      );
      // release(result) with an error result answers that error (e.g. Interrupted).
      if (!released.ok) return answer(released);
    } else if (pattern.startsWith('slow:') || pattern.startsWith('deaf:')) {
      await this.#runUntilInterrupted(pattern.startsWith('slow:'));
      return answer(interruptedResult() as TraceAnswer['result']);
    }
    return answer({ ...fakeTrace(request, budgets), packedSteps: { count: 0, opNames: [] } });
  }

  async runSuite(request: RunSuiteRequest): Promise<SuiteResult> {
    this.suites.push(request);
    const { suite } = request;
    if (suite.pattern.startsWith('crash:')) throw engineCrashed();
    if (suite.pattern.startsWith('held:')) {
      await new Promise<void>((resolve) => this.#heldSuites.push(resolve));
    }
    const progress = this.progressBuffer;
    // The real engine's should_stop: record the case, read the stop slot.
    const shouldStop = (index: number): boolean => {
      if (progress === null) return false;
      Atomics.store(progress, SUITE_PROGRESS.case, index + 1);
      return Atomics.load(progress, SUITE_PROGRESS.stop) === 1;
    };
    if (progress !== null) {
      Atomics.store(progress, SUITE_PROGRESS.case, 0);
      Atomics.store(progress, SUITE_PROGRESS.stop, 0);
    }
    const cases: CaseResult[] = [];
    const skipRest = (from: number): void => {
      suite.tests.slice(from).forEach((c, i) => cases.push(unfinishedCase(c, from + i, 'skipped')));
    };
    for (const [index, testCase] of suite.tests.entries()) {
      if (shouldStop(index)) {
        skipRest(index);
        break;
      }
      const { text } = testCase;
      if (text.startsWith('slow:') || text.startsWith('deaf:')) {
        await this.#runUntilInterrupted(text.startsWith('slow:'));
        if (shouldStop(index)) {
          skipRest(index);
          break;
        }
        cases.push(unfinishedCase(testCase, index, 'timeout'));
        continue;
      }
      cases.push(fakeCaseResult(suite.pattern, testCase, index));
    }
    if (cases.length === suite.tests.length && !cases.some((c) => c.status === 'skipped')) {
      shouldStop(suite.tests.length); // every verdict is in; the answer is ignored
    }
    if (suite.pattern.startsWith('late:')) {
      await new Promise<void>((resolve) => this.#heldSuites.push(resolve));
    }
    const result = fakeSuiteResult(cases);
    this.suiteAnswers.push(result);
    return result;
  }

  async suiteToPytest(suite: Suite): Promise<string> {
    this.pytests.push(suite);
    return `def test_suite():  # ${JSON.stringify(suite.pattern)}\n`;
  }

  async explain(pattern: string, flags: string): Promise<Explanation> {
    this.explained.push([pattern, flags]);
    if (pattern.startsWith('held:')) {
      return new Promise((resolve) =>
        this.#held.push({
          request: { pattern, text: '', flags, op: 'search' } as EvaluateRequest,
          resolve: () => resolve(fakeExplanation(pattern)),
        }),
      );
    }
    return fakeExplanation(pattern);
  }

  async toPython(request: EvaluateRequest): Promise<string> {
    return `re.search(${JSON.stringify(request.pattern)}, ${JSON.stringify(request.text)})`;
  }

  /** Answers every `held:` call (with `result`, or a literal search of its request); starts held suites. */
  release(result?: EvaluateResult): void {
    const held = this.#held;
    this.#held = [];
    for (const { request, resolve } of held) resolve(result ?? literalSearch(request));
    const suites = this.#heldSuites;
    this.#heldSuites = [];
    for (const start of suites) start();
  }

  /** Lets a `holdInit` init finish (now, or as soon as it gets there). */
  releaseInit(): void {
    this.#openInit();
  }

  /** Sends one more progress report, e.g. after init finished (a late event). */
  async reportProgress(progress: LoadProgress): Promise<void> {
    await this.#onProgress?.(progress);
  }

  /** The worker is gone: stop polling. */
  stop(): void {
    this.#stopped = true;
  }
}

/**
 * A Worker stand-in: the client's side of a MessageChannel whose other side exposes a FakeEngine.
 * `terminate()` closes the channel, so calls in flight never answer, as with a real worker.
 * With `leakyTerminate`, messages still flow after terminate (a worst case for the client).
 */
export class FakeEngineWorker implements EngineWorker {
  readonly engine: FakeEngine;
  terminated = false;
  readonly #port: MessagePort;
  readonly #enginePort: MessagePort;
  readonly #errors = new EventTarget();

  constructor(
    engine: FakeEngine,
    readonly options: { leakyTerminate?: boolean; answersAtOnce?: boolean } = {},
  ) {
    this.engine = engine;
    if (options.answersAtOnce) engine.runMs ??= 1;
    const channel = new MessageChannel();
    this.#port = channel.port1;
    this.#enginePort = channel.port2;
    expose(engine, this.#enginePort);
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (this.terminated && !this.options.leakyTerminate) return;
    if (this.options.answersAtOnce) this.#answerAtOnce(message);
    this.#port.postMessage(message, transfer);
  }

  /** A plain evaluation with a ticket: its answer goes in the mailbox before the call is sent. */
  #answerAtOnce(message: unknown): void {
    const call = message as {
      type?: string;
      path?: string[];
      argumentList?: Array<{ value?: unknown }>;
    };
    if (call.type !== 'APPLY' || call.path?.join('.') !== 'evaluate') return;
    const request = call.argumentList?.[0]?.value as EvaluateRequest;
    const ticket = call.argumentList?.[1]?.value as number | undefined;
    if (SPECIAL_PATTERN.test(request.pattern)) return;
    this.engine.mail(answerOf(literalSearch(request), FAKE_RUN_BYTES), ticket);
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.#port.addEventListener('message', listener);
    else this.#errors.addEventListener(type, listener);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.#port.removeEventListener('message', listener);
    else this.#errors.removeEventListener(type, listener);
  }

  start(): void {
    this.#port.start();
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    if (this.options.leakyTerminate) return;
    this.engine.stop();
    this.#port.close();
    this.#enginePort.close();
  }

  /** The worker posts an EngineCrashMessage, as engine.worker.ts does for an uncaught error. */
  postCrashMessage(message: string): void {
    this.#enginePort.postMessage({ type: 'pyregex:crash', message });
  }

  /** The Worker object fires `error`, as a browser does when the worker script throws. */
  fireErrorEvent(message: string): Event {
    const event = Object.assign(new Event('error', { cancelable: true }), { message });
    this.#errors.dispatchEvent(event);
    return event;
  }

  /** Closes the channel for good (test cleanup). */
  close(): void {
    this.engine.stop();
    this.#port.close();
    this.#enginePort.close();
  }
}

/** The fake ReDoS verdict of `pattern` (see FakeEngine.redos). */
export function fakeRedos(pattern: string): RedosResult {
  const at = pattern.indexOf(')+');
  if (at < 0) {
    return {
      verdict: 'safe',
      degree: null,
      attack: null,
      evidence: [],
      construct16: null,
      explanation: 'safe: no shape of catastrophic backtracking found.',
      hint: null,
    };
  }
  return {
    verdict: 'exponential',
    degree: null,
    attack: { prefix: '', pump: 'a', suffix: '!' },
    evidence: [0, 1, 2, 3].map((repeats) => ({ repeats, steps: 8 * 2 ** repeats })),
    construct16: [0, at + 2],
    explanation: 'exponential: fake.',
    hint: 'make it possessive',
  };
}
