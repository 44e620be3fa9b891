/**
 * The page's working state in one place: the user's Session (what they typed and chose), the
 * engine that runs it, and the views the components read. Every edit goes through `update` (or
 * `replace`), which sends the engine a new request after a short pause (latest wins; Ctrl/Cmd+Enter
 * sends it at once), asks for the explanation and the Python snippet, hands the session to the
 * test suite (TestSuite runs the cases), and tells listeners (the SessionKeeper saves). Edits are
 * explicit calls rather than effects, so all of this runs and is tested without a DOM or a
 * component. It holds no URL or storage logic (SessionKeeper's job), and no test-case editing
 * beyond replacing the list (CaseEditor's job).
 *
 * The version: the session's `python` names the CPython the engine runs everything on; when it
 * changes, the engine moves to that version's engine and the request, the suite, the explanation
 * and the code are asked of it again (the results in view stay, greyed, until it answers).
 *
 * The subject: the test-string editor shows and edits either the session's test string or one
 * test case's text (`showCase`); the evaluation, the match list and the highlights are then for
 * that case. The test string itself is never touched while a case is shown.
 */
import type { EvaluateRequest, ExplainNode, Span } from '../engine/contract';
import { MatchTable } from '../engine/matchTable';
import type { EngineClient } from '../engine/engineClient.svelte';
import type { RuntimeKey } from '../engine/runtimes';
import {
  DEFAULT_SESSION,
  pickSession,
  type Op,
  type Session,
  type TestCase,
} from '../state/session';
import { followIndex, frozen, replaceCase, type ListChange } from '../tests/cases';
import { DEFAULT_SUITE_TIMINGS, TestSuite, type SuiteTimings } from '../tests/suite.svelte';
import { Analysis } from './analysis.svelte';
import { engineStatus, type EngineStatus } from './engineStatus';
import { flagViews, toggleFlag, type FlagView } from './flags';
import { groupSpan, nodeAt } from './patternTree';
import { buildRequest, sameRequest } from './request';
import { resultView, substitution, successOf, type ResultView, type Shown } from './resultView';
import type { Selection } from './selection';

export interface WorkspaceTimings extends SuiteTimings {
  /**
   * Pause after an edit before the run is sent. Zero: the run goes out at the end of the edit's
   * own task (a microtask), before the browser renders the keystroke, so the worker computes while
   * the page paints; the changes one edit makes together (a paste, an undo) still make one run.
   * The engine client runs only the newest request once a busy engine is free, so fast typing
   * never queues up runs. (A timer, even of 0 ms, waited for that render: about 12 ms.)
   */
  runDelayMs: number;
  /** Pause after a pattern or flags edit before the explanation is asked for. */
  explainDelayMs: number;
  /** Pause before the Python snippet is asked for (it is not urgent). */
  codeDelayMs: number;
}

export const DEFAULT_TIMINGS: WorkspaceTimings = {
  runDelayMs: 0,
  explainDelayMs: 30,
  codeDelayMs: 150,
  ...DEFAULT_SUITE_TIMINGS,
};

/** A marker for an editor: where CPython points and what it says. */
export interface EditorError {
  pos16: number | null;
  message: string;
}

/** The engine surface the workspace uses (EngineClient, or a stand-in in tests). */
export type WorkspaceEngine = Pick<
  EngineClient,
  | 'state'
  | 'result'
  | 'latestId'
  | 'deadlineMs'
  | 'submit'
  | 'explain'
  | 'toPython'
  | 'suiteResult'
  | 'latestSuiteId'
  | 'submitSuite'
  | 'suiteToPytest'
  | 'trace'
  | 'redos'
>;

/**
 * The workspace's engine with the choice of CPython version (CurrentEngine over the engine pool,
 * or a stand-in in tests): it runs everything on the chosen version's engine.
 */
export interface VersionedEngine extends WorkspaceEngine {
  readonly selected: RuntimeKey;
  select(key: RuntimeKey): void;
}

export class Workspace {
  #session: Session = $state({ ...DEFAULT_SESSION });
  /** The session's cases as the same frozen list (`session.tests` reads it through a proxy). */
  #tests = $state.raw<readonly TestCase[]>(DEFAULT_SESSION.tests);
  /** The case the test-string editor shows, by position, or null for the test string. */
  #subject = $state<number | null>(null);
  readonly engine: VersionedEngine;
  readonly analysis: Analysis;
  readonly suite: TestSuite;

  /** The match (or group) the user selected in the text or the match list. */
  selection = $state<Selection>(null);
  /** The match (or group) under the pointer in the text or the match list. */
  hover = $state<Selection>(null);
  /** A span of the pattern to outline, e.g. the construct hovered in the explanation. */
  patternHover = $state.raw<Span | null>(null);
  /** The position (UTF-16) of the pattern's character under the pointer, or null. */
  patternPointer = $state.raw<number | null>(null);

  readonly #timings: WorkspaceTimings;
  #runTimer: ReturnType<typeof setTimeout> | null = null;
  /** The run queued for the end of this task (runDelayMs 0); replaced or cleared to cancel it. */
  #queuedRun: { request: EvaluateRequest } | null = null;
  // Timers and listeners, not state: nothing renders from these.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #analysisTimers = new Map<'explain' | 'code', ReturnType<typeof setTimeout>>();
  #submitted: EvaluateRequest | null = null;
  #explainKey: string | null = null;
  #codeRequest: EvaluateRequest | null = null;
  #connected = false;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #listeners = new Set<(session: Session) => void>();
  /** The newest success seen, shown greyed when a later run is stopped. Not reactive on purpose. */
  #lastGood: Shown | null = null;

  /** The request the session stands for (only the fields its operation uses), on the subject. */
  readonly request: EvaluateRequest = $derived(this.#requestFor(this.session));

  /** What the results column shows. */
  readonly view: ResultView = $derived.by(() => {
    const outcome = this.engine.result;
    const view = resultView(outcome, this.#lastGood, this.engine.latestId);
    const success = successOf(outcome);
    if (success !== null) this.#lastGood = success;
    return view;
  });

  /** The shown success alone: unlike `view`, it does not change when only staleness does. */
  readonly shown: Shown | null = $derived(this.view.shown);

  readonly status: EngineStatus = $derived.by(() =>
    engineStatus(this.engine.state, this.engine.result, this.engine.latestId, this.engine.selected),
  );

  constructor(
    engine: VersionedEngine,
    initial: Session = DEFAULT_SESSION,
    timings: Partial<WorkspaceTimings> = {},
  ) {
    this.engine = engine;
    this.analysis = new Analysis(engine);
    this.#timings = { ...DEFAULT_TIMINGS, ...timings };
    this.suite = new TestSuite(engine, this.#timings);
    this.suite.groupNames = () => {
      const shown = this.shown;
      const { pattern, flags } = this.session;
      return shown !== null && shown.request.pattern === pattern && shown.request.flags === flags
        ? shown.result.groupNames
        : null;
    };
    this.suite.onRecorded = (recorded) =>
      this.setTests(this.#tests.map((testCase) => recorded.get(testCase) ?? testCase));
    this.#adopt(initial);
  }

  /** The session's test cases (the very list the session holds, frozen). */
  get tests(): readonly TestCase[] {
    return this.#tests;
  }

  /** The position of the case the test-string editor shows, or null for the test string. */
  get subject(): number | null {
    return this.#subject;
  }

  /** The text the test-string editor shows and the evaluation runs on. */
  get subjectText(): string {
    const index = this.#subject;
    return index === null ? this.session.text : (this.#tests[index]?.text ?? this.session.text);
  }

  /** Shows case `index` in the test-string editor (null: back to the test string). */
  showCase(index: number | null): void {
    const next = index !== null && index >= 0 && index < this.#tests.length ? index : null;
    if (next === this.#subject) return;
    this.#subject = next;
    this.selection = null;
    this.hover = null;
    this.#changed();
  }

  /** An edit in the test-string editor: to the test string, or to the case it shows. */
  setSubjectText(text: string): void {
    const index = this.#subject;
    const shown = index === null ? undefined : this.#tests[index];
    if (index === null || shown === undefined) {
      this.setText(text);
      return;
    }
    if (shown.text === text) return;
    this.setTests(replaceCase(this.#tests, index, { ...shown, text }));
  }

  /**
   * Replaces the test cases. `change` says how the list moved, so the case shown in the editor
   * stays shown (or, deleted, the editor goes back to the test string).
   */
  setTests(tests: readonly TestCase[], change?: ListChange): void {
    const subject = change === undefined ? this.#subject : followIndex(this.#subject, change);
    this.#subject = subject !== null && subject < tests.length ? subject : null;
    this.update({ tests: frozen(tests) });
  }

  /** The evaluation shown, when it answers the current request (not a stale or failed one). */
  get currentSuccess(): Shown | null {
    const shown = this.shown;
    return shown !== null && !this.view.stale && sameRequest(shown.request, this.request)
      ? shown
      : null;
  }

  /** What the user typed and chose; changed only through `update` and `replace`. */
  get session(): Readonly<Session> {
    return this.#session;
  }

  /** The matches the results show (the last good ones while a run is stopped). */
  get matches(): MatchTable {
    return this.shown?.result.matches ?? MatchTable.EMPTY;
  }

  /** The selection, or null when it points past the matches shown. */
  get selected(): Selection {
    return this.#valid(this.selection);
  }

  get hovered(): Selection {
    return this.#valid(this.hover);
  }

  /** The pattern's explanation tree (possibly a moment behind the pattern while typing). */
  get tree(): ExplainNode | null {
    return this.analysis.tree;
  }

  /**
   * The construct of the current pattern written over UTF-16 position `pos16`, from its
   * explanation; null while the explanation is for an older pattern (its spans would be off).
   */
  constructAt(pos16: number): ExplainNode | null {
    const explained = this.analysis.explained;
    if (explained?.pattern !== this.session.pattern) return null;
    return nodeAt(this.tree, pos16);
  }

  /**
   * The part of the pattern to outline: a construct hovered in the explanation, else the one under
   * the pointer in the pattern, else the group pointed at in the text or the match list.
   */
  get patternHighlight(): Span | null {
    if (this.patternHover !== null) return this.patternHover;
    if (this.patternPointer !== null) {
      const pointed = this.constructAt(this.patternPointer);
      if (pointed !== null) return pointed.span16;
    }
    const pointed = this.hovered ?? this.selected;
    if (pointed === null || pointed.group === null || pointed.group === 0) return null;
    const explained = this.analysis.explained;
    if (explained?.pattern !== this.session.pattern) return null;
    return groupSpan(this.tree, pointed.group);
  }

  /** CPython's error marker for the pattern editor. */
  get patternError(): EditorError | null {
    const error = this.view.error;
    return error?.where === 'pattern' ? { pos16: error.pos16, message: error.message } : null;
  }

  /** CPython's error marker for the replacement editor. */
  get replacementError(): EditorError | null {
    const error = this.view.error;
    return error?.where === 'replacement' ? { pos16: error.pos16, message: error.message } : null;
  }

  /** The flag toggles: asked for, in effect through an inline flag, implied, or refused. */
  get flags(): FlagView[] {
    const { pattern, flags } = this.session;
    const shown = this.shown;
    const effective =
      this.analysis.flagsFor(pattern, flags) ??
      (shown !== null && shown.request.pattern === pattern && shown.request.flags === flags
        ? shown.result.flags
        : null);
    return flagViews({ requested: flags, effective, error: this.view.error });
  }

  /** For sub and subn: the output string and where the replacements stand in it. */
  get substitution(): { text: string; marks: Array<[number, number]> } | null {
    return substitution(this.shown);
  }

  /** The Python snippet for the current request, or the previous one until it arrives. */
  get code(): string | null {
    return this.analysis.snippet?.code ?? null;
  }

  /**
   * Starts following the session: the current one is run, explained and turned into code, and so
   * is every later edit made through `update`/`replace`. Returns the function that stops it.
   */
  connect(): () => void {
    this.#connected = true;
    this.#changed();
    return () => {
      this.#connected = false;
      this.suite.stop();
      this.#cancelRun();
      this.#cancelAnalysis();
    };
  }

  /** Calls `listener` with a plain copy of the session after every edit; returns the remover. */
  onChange(listener: (session: Session) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Changes some fields of the session (every edit goes through here or `replace`). */
  update(changes: Partial<Session>): void {
    let changed = false;
    for (const key of Object.keys(changes) as (keyof Session)[]) {
      const value = changes[key];
      if (value === undefined || Object.is(this.session[key], value)) continue;
      if (key === 'tests') {
        if (value === this.#tests) continue;
        this.#tests = frozen(value as readonly TestCase[]);
        this.#session.tests = this.#tests;
        // A shorter list (not through setTests) must not leave the editor on a case it lost.
        if (this.#subject !== null && this.#subject >= this.#tests.length) this.#subject = null;
      } else {
        (this.#session as unknown as Record<string, unknown>)[key] = value;
      }
      changed = true;
    }
    if (changed) this.#changed();
  }

  /** Replaces the whole session (an opened link); the selection no longer applies. */
  replace(session: Session): void {
    this.#adopt(session);
    this.#subject = null;
    this.selection = null;
    this.hover = null;
    this.patternHover = null;
    this.patternPointer = null;
    this.#changed();
  }

  /** Sends the current request now (Ctrl/Cmd+Enter), even if it already ran. */
  runNow(): void {
    this.#cancelRun();
    this.#submit(this.#requestFor(this.session));
    this.suite.runNow();
  }

  setPattern(pattern: string): void {
    this.update({ pattern });
  }

  setText(text: string): void {
    this.update({ text });
  }

  setReplacement(replacement: string): void {
    this.update({ replacement });
  }

  /** Runs everything on another CPython version (a key of runtimes.ts). */
  setPython(python: RuntimeKey): void {
    this.update({ python });
  }

  setOp(op: Op): void {
    this.update({ op });
  }

  toggleFlag(letter: string): void {
    this.update({ flags: toggleFlag(this.session.flags, letter) });
  }

  /** Takes every field of `session`, its cases as one frozen list. */
  #adopt(session: Session): void {
    const picked = pickSession(session);
    this.#tests = frozen(picked.tests);
    picked.tests = this.#tests;
    Object.assign(this.#session, picked);
  }

  #requestFor(session: Session): EvaluateRequest {
    const index = this.#subject;
    const testCase = index === null ? undefined : this.#tests[index];
    return buildRequest(testCase === undefined ? session : { ...session, text: testCase.text });
  }

  /** After every edit: schedule what the edit calls for, and tell the listeners. */
  #changed(): void {
    const session = pickSession(this.session);
    session.tests = this.#tests;
    for (const listener of this.#listeners) listener(session);
    if (!this.#connected) return;
    const switched = this.#useVersion(session.python);
    this.engine.deadlineMs = session.deadlineMs;
    this.suite.sync(session, this.#tests);
    if (switched) this.suite.runNow();

    const request = this.#requestFor(session);
    if (sameRequest(request, this.#submitted)) {
      // Back to what already ran (typed and undone): nothing to send, and nothing pending.
      this.#cancelRun();
    } else {
      this.#schedule(request);
    }

    const explainKey = JSON.stringify([session.pattern, session.flags]);
    if (explainKey !== this.#explainKey) {
      this.#explainKey = explainKey;
      this.#later('explain', this.#timings.explainDelayMs, () =>
        this.analysis.explain(session.pattern, session.flags),
      );
    }
    if (!sameRequest(request, this.#codeRequest)) {
      this.#codeRequest = request;
      this.#later('code', this.#timings.codeDelayMs, () => this.analysis.toPython(request));
    }
  }

  /**
   * Moves to `python`'s engine if it is not the one in use; then everything asked of the old one
   * (the run, the suite, the explanation, the code) is asked again of the new one. True if so.
   */
  #useVersion(python: RuntimeKey): boolean {
    const before = this.engine.selected;
    if (python === before) return false;
    this.engine.select(python);
    if (this.engine.selected === before) return false;
    this.#submitted = null;
    this.#explainKey = null;
    this.#codeRequest = null;
    return true;
  }

  /** Runs `task` after `delayMs`, replacing the pending task of the same kind. */
  #later(kind: 'explain' | 'code', delayMs: number, task: () => Promise<void>): void {
    const pending = this.#analysisTimers.get(kind);
    if (pending !== undefined) clearTimeout(pending);
    this.#analysisTimers.set(
      kind,
      setTimeout(() => {
        this.#analysisTimers.delete(kind);
        void task();
      }, delayMs),
    );
  }

  #cancelAnalysis(): void {
    for (const timer of this.#analysisTimers.values()) clearTimeout(timer);
    this.#analysisTimers.clear();
    // Asked again on the next connect.
    this.#explainKey = null;
    this.#codeRequest = null;
  }

  #schedule(request: EvaluateRequest): void {
    this.#cancelRun();
    if (this.#timings.runDelayMs <= 0) {
      const run = { request };
      this.#queuedRun = run;
      queueMicrotask(() => {
        if (this.#queuedRun !== run) return; // cancelled, or replaced by a newer edit
        this.#queuedRun = null;
        this.#submit(run.request);
      });
      return;
    }
    this.#runTimer = setTimeout(() => {
      this.#runTimer = null;
      this.#submit(request);
    }, this.#timings.runDelayMs);
  }

  #cancelRun(): void {
    if (this.#runTimer !== null) clearTimeout(this.#runTimer);
    this.#runTimer = null;
    this.#queuedRun = null;
  }

  #submit(request: EvaluateRequest): void {
    this.#submitted = request;
    this.engine.submit(request);
  }

  #valid(selection: Selection): Selection {
    if (selection === null || selection.match >= this.matches.length) return null;
    return selection;
  }
}
