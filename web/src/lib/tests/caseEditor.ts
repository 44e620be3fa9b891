/**
 * The Tests panel's commands on the list of cases: add the current test string as a case (expecting
 * what CPython does with it now), add many lines at once, duplicate, delete (with a way back),
 * move, and edit one case. Each command computes the new list with cases.ts and hands it to the
 * host (the Workspace) with how the list moved, so the case shown in the editor stays shown.
 * It holds no state of its own and touches no DOM; the panel says what happened (toasts).
 */
import type { Shown } from '../app/resultView';
import type { Op, Session, TestCase } from '../state/session';
import {
  addCases,
  caseFromSuccess,
  casesFromLines,
  deleteCase,
  duplicateCase,
  moveCase,
  replaceCase,
  room,
  type BulkExpectation,
  type ListChange,
} from './cases';

/** What the commands need of the Workspace. */
export interface CaseHost {
  readonly session: Readonly<Session>;
  readonly tests: readonly TestCase[];
  readonly subject: number | null;
  readonly currentSuccess: Shown | null;
  readonly suite: { record(cases: Iterable<TestCase>): void };
  setTests(tests: readonly TestCase[], change?: ListChange): void;
  showCase(index: number | null): void;
}

/** Why "Add as test" cannot add now, or null when it can. */
export function cannotAddCurrent(host: CaseHost): string | null {
  if (host.subject !== null) return 'A test case is shown: go back to the test string to add it.';
  if (room(host.tests) === 0) return 'The suite is full.';
  if (host.currentSuccess === null) return 'Waiting for CPython’s result for the test string.';
  return null;
}

export class CaseEditor {
  constructor(readonly host: CaseHost) {}

  get op(): Op {
    return this.host.session.op;
  }

  /**
   * Adds the test string as a case expecting what CPython does with it now; returns its position,
   * or null when it cannot (see `cannotAddCurrent`).
   */
  addCurrent(): number | null {
    const { host } = this;
    const success = host.currentSuccess;
    if (cannotAddCurrent(host) !== null || success === null) return null;
    const testCase = caseFromSuccess(host.session.text, success.result, host.session.op);
    const index = host.tests.length;
    host.setTests(addCases(host.tests, [testCase]));
    return index;
  }

  /**
   * Adds one case per line at the end, all expecting `expectation` ('record': what CPython does
   * with each, once the suite has run). Returns how many were added (the suite has a limit).
   */
  addLines(lines: readonly string[], expectation: BulkExpectation): number {
    const { host } = this;
    const added = casesFromLines(lines.slice(0, room(host.tests)), expectation);
    if (added.length === 0) return 0;
    const next = addCases(host.tests, added);
    if (expectation === 'record') host.suite.record(next.slice(next.length - added.length));
    host.setTests(next);
    return added.length;
  }

  duplicate(index: number): void {
    const next = duplicateCase(this.host.tests, index);
    if (next !== this.host.tests) {
      this.host.setTests(next, { kind: 'insert', index: index + 1, count: 1 });
    }
  }

  /** Deletes case `index`; returns the function that puts it back (or null if there was none). */
  remove(index: number): (() => void) | null {
    const { host } = this;
    const removed = host.tests[index];
    if (removed === undefined) return null;
    host.setTests(deleteCase(host.tests, index), { kind: 'delete', index });
    return () => {
      const at = Math.min(index, host.tests.length);
      host.setTests(addCases(host.tests, [removed], at), { kind: 'insert', index: at, count: 1 });
    };
  }

  /** Moves case `from` by `by` places (−1 up, +1 down); returns where it is now. */
  move(from: number, by: number): number {
    const { host } = this;
    const to = Math.max(0, Math.min(host.tests.length - 1, from + by));
    if (to === from) return from;
    host.setTests(moveCase(host.tests, from, to), { kind: 'move', from, to });
    return to;
  }

  /** Changes some fields of case `index` (undefined removes an optional field). */
  edit(index: number, changes: Partial<TestCase>): void {
    const current = this.host.tests[index];
    if (current === undefined) return;
    const next: TestCase = { ...current };
    for (const [key, value] of Object.entries(changes) as Array<[keyof TestCase, unknown]>) {
      if (value === undefined) delete next[key];
      else (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    this.host.setTests(replaceCase(this.host.tests, index, next));
  }
}
