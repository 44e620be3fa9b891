/**
 * Test double for the Workspace's engine: a reactive stand-in for EngineClient that records what it
 * is asked and lets a test publish outcomes. Imported only by *.test.ts files, never by the page.
 */
import type { EvaluateRequest, ExplainResult, Suite, SuiteResult } from '../engine/contract';
import type { RunOutcome, SuiteOutcome } from '../engine/engineClient.svelte';
import { initialLifecycle, type Lifecycle } from '../engine/lifecycle';
import { explainNode, explanationOf } from '../engine/testing/explainTrees';
import type { WorkspaceEngine } from './workspace.svelte';

export class FakeEngine implements WorkspaceEngine {
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
  /** What explain answers. */
  explanation: (pattern: string, flags: string) => ExplainResult = (pattern) =>
    explanationOf(explainNode('pattern', [0, pattern.length]));

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
