import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { explainNode as node, explanationOf } from '../engine/testing/explainTrees';
import { tableSuccess } from '../engine/testing/successes';
import { DEFAULT_SESSION } from '../state/session';
import { FakeEngine } from './fakeEngine.svelte';
import { Workspace } from './workspace.svelte';

let engine: FakeEngine;
let workspace: Workspace;
let disconnect: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  engine = new FakeEngine();
  workspace = new Workspace(engine, {
    ...DEFAULT_SESSION,
    pattern: 'b+',
    text: 'abbcb',
    op: 'finditer',
  });
  disconnect = workspace.connect();
  flushSync();
});

afterEach(() => {
  disconnect();
  vi.useRealTimers();
});

/** Lets the debounce pass and pending promises settle. */
async function pause(ms = 200): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  flushSync();
}

describe('Workspace runs', () => {
  it('sends an edit at the end of its own task, one run for the changes made together', async () => {
    await pause();
    expect(engine.submitted).toHaveLength(1);
    // Two changes in one task (e.g. a paste that replaces a selection): one run, the newest.
    workspace.setPattern('b');
    workspace.setPattern('bc');
    flushSync();
    expect(engine.submitted).toHaveLength(1);
    // A microtask, not a timer: no timer has to fire (it would wait for the next render).
    await Promise.resolve();
    expect(engine.submitted).toHaveLength(2);
    expect(engine.submitted[1]).toMatchObject({ pattern: 'bc', text: 'abbcb', op: 'finditer' });
    // The next keystroke goes out at once too: no waiting for typing to pause.
    workspace.setPattern('b');
    flushSync();
    await Promise.resolve();
    expect(engine.submitted).toHaveLength(3);
  });

  it('does not run again for an edit undone before it was sent', async () => {
    await pause();
    workspace.setPattern('bx');
    flushSync();
    workspace.setPattern('b+');
    flushSync();
    await pause();
    expect(engine.submitted).toHaveLength(1);
  });

  it('ignores fields the operation does not use, and runs now on request', async () => {
    await pause();
    workspace.setReplacement('zzz');
    flushSync();
    await pause();
    expect(engine.submitted).toHaveLength(1);
    workspace.runNow();
    expect(engine.submitted).toHaveLength(2);
  });

  it("keeps the engine's deadline in step with the session", async () => {
    workspace.update({ deadlineMs: 5000 });
    expect(engine.deadlineMs).toBe(5000);
  });
});

describe('Workspace analysis', () => {
  it('asks for the explanation and the code of the newest input', async () => {
    await pause();
    workspace.toggleFlag('i');
    flushSync();
    await pause();
    expect(engine.explained.at(-1)).toEqual({ pattern: 'b+', flags: 'i' });
    expect(engine.coded.at(-1)).toMatchObject({ flags: 'i' });
    expect(workspace.code).toBe('re.finditer(...)');
    expect(workspace.tree?.kind).toBe('pattern');
  });

  it('outlines the construct under the pointer, only while the explanation is current', async () => {
    // b+ : a repeat of the literal b
    engine.explanation = (pattern) =>
      explanationOf(
        node(
          'pattern',
          [0, pattern.length],
          [node('repeat', [0, 2], [node('literal', [0, 1])], { description: '1 or more of b' })],
        ),
      );
    await pause();
    expect(workspace.constructAt(1)?.description).toBe('1 or more of b');
    workspace.patternPointer = 0;
    expect(workspace.patternHighlight).toEqual([0, 1]);
    workspace.patternPointer = 1;
    expect(workspace.patternHighlight).toEqual([0, 2]);
    // A construct hovered in the explanation wins.
    workspace.patternHover = [0, 2];
    workspace.patternPointer = 0;
    expect(workspace.patternHighlight).toEqual([0, 2]);
    workspace.patternHover = null;
    // Edited since: the old explanation's spans would point at the wrong characters.
    workspace.setPattern('xb+');
    expect(workspace.constructAt(1)).toBeNull();
    expect(workspace.patternHighlight).toBeNull();
  });

  it('reflects inline flags from the explanation in the toggles', async () => {
    engine.explanation = () => explanationOf(node('pattern', [0, 4]), ['IGNORECASE', 'UNICODE']);
    workspace.setPattern('(?i)b');
    flushSync();
    await pause();
    const ignorecase = workspace.flags.find((flag) => flag.name === 'IGNORECASE');
    expect(ignorecase).toMatchObject({ state: 'inline', pressed: false });
  });
});

describe('Workspace results', () => {
  it('shows the newest success and its matches, and clamps the selection to them', async () => {
    await pause();
    engine.finish({
      kind: 'done',
      result: tableSuccess(
        {
          ok: true,
          op: 'finditer',
          python: '3.14.2',
          matches: [
            {
              span: [1, 3],
              span16: [1, 3],
              groups: [{ index: 0, name: null, span: [1, 3], span16: [1, 3], value: 'bb' }],
            },
          ],
          truncated: false,
          output: { repr: '[...]', value: ['bb'], truncated: false },
          groupCount: 0,
          groupNames: {},
          flags: ['UNICODE'],
          warnings: [],
          elapsedMs: 0.1,
        },
        DEFAULT_SESSION.text,
      ),
    });
    flushSync();
    expect(workspace.matches).toHaveLength(1);
    workspace.selection = { match: 0, group: null };
    expect(workspace.selected).toEqual({ match: 0, group: null });
    workspace.selection = { match: 4, group: null };
    expect(workspace.selected).toBeNull();
  });

  it('marks the pattern error for the pattern editor and nothing for the replacement', async () => {
    await pause();
    engine.finish({
      kind: 'done',
      result: {
        ok: false,
        error: {
          type: 'error',
          where: 'pattern',
          message: 'missing ), unterminated subpattern at position 0',
          pos: 0,
          pos16: 0,
          lineno: 1,
          colno: 1,
        },
      },
    });
    flushSync();
    expect(workspace.patternError).toEqual({
      pos16: 0,
      message: 'missing ), unterminated subpattern at position 0',
    });
    expect(workspace.replacementError).toBeNull();
    expect(workspace.matches).toHaveLength(0);
  });

  it('replaces the session from a link and forgets the selection', () => {
    workspace.selection = { match: 0, group: 1 };
    workspace.replace({ ...DEFAULT_SESSION, pattern: 'x', op: 'split', maxsplit: 2 });
    expect(workspace.session.pattern).toBe('x');
    expect(workspace.request).toMatchObject({ op: 'split', maxsplit: 2 });
    expect(workspace.selection).toBeNull();
  });
});

describe('Workspace test cases', () => {
  const cases = [
    { text: 'bb', expect: 'match' as const },
    { text: 'xx', expect: 'no match' as const },
    { text: 'b\nb', expect: 'match' as const },
  ];

  it('keeps the cases as one frozen list, in the session and for its listeners', () => {
    const seen: unknown[] = [];
    workspace.onChange((session) => seen.push(session.tests));
    workspace.setTests(cases);
    expect(Object.isFrozen(workspace.tests)).toBe(true);
    expect(workspace.tests[0]).toBe(cases[0]);
    expect(workspace.session.tests[2]).toBe(cases[2]);
    expect(seen.at(-1)).toBe(workspace.tests);
  });

  it('runs the suite once per burst of edits, with the session’s own cases', async () => {
    await pause();
    expect(engine.suites).toHaveLength(0); // no cases, no suite
    workspace.setTests(cases);
    workspace.setPattern('b');
    workspace.setPattern('b+x');
    await pause();
    expect(engine.suites).toHaveLength(1);
    expect(engine.suites[0]).toMatchObject({ pattern: 'b+x', op: 'finditer', flags: '' });
    expect(engine.suites[0]!.tests).toBe(workspace.tests);
    // Fields the op does not take start nothing; the op's own arguments do.
    workspace.setReplacement('z');
    await pause();
    expect(engine.suites).toHaveLength(1);
    workspace.setOp('sub');
    await pause();
    expect(engine.suites.at(-1)).toMatchObject({ op: 'sub', replacement: 'z', count: 0 });
    workspace.update({ count: 2 });
    await pause();
    expect(engine.suites.at(-1)).toMatchObject({ count: 2 });
    expect(engine.suites).toHaveLength(3);
  });

  it('shows a case in the editor: the evaluation runs on its text, the test string is kept', async () => {
    workspace.setTests(cases);
    await pause();
    workspace.selection = { match: 0, group: null };
    workspace.showCase(2);
    expect(workspace.subject).toBe(2);
    expect(workspace.subjectText).toBe('b\nb');
    expect(workspace.selection).toBeNull();
    await pause();
    expect(engine.submitted.at(-1)).toMatchObject({ text: 'b\nb' });

    workspace.setSubjectText('bbb');
    expect(workspace.tests[2]).toEqual({ text: 'bbb', expect: 'match' });
    expect(workspace.tests[0]).toBe(cases[0]);
    expect(workspace.session.text).toBe('abbcb');
    await pause();
    expect(engine.submitted.at(-1)).toMatchObject({ text: 'bbb' });

    workspace.showCase(null);
    expect(workspace.subjectText).toBe('abbcb');
    await pause();
    expect(engine.submitted.at(-1)).toMatchObject({ text: 'abbcb' });
  });

  it('keeps the shown case shown as the list moves, and leaves it when it is deleted', () => {
    workspace.setTests(cases);
    workspace.showCase(0);
    workspace.setTests([cases[1]!, cases[2]!, cases[0]!], { kind: 'move', from: 0, to: 2 });
    expect(workspace.subject).toBe(2);
    expect(workspace.subjectText).toBe('bb');
    workspace.setTests([cases[1]!, cases[2]!], { kind: 'delete', index: 2 });
    expect(workspace.subject).toBeNull();
    expect(workspace.subjectText).toBe('abbcb');
    // A shorter list set directly cannot leave the editor on a case that is gone.
    workspace.showCase(1);
    workspace.update({ tests: [cases[0]!] });
    expect(workspace.subject).toBeNull();
    workspace.setTests(cases);
    // A link replaces everything: back to the test string.
    workspace.showCase(1);
    workspace.replace({ ...DEFAULT_SESSION, tests: cases });
    expect(workspace.subject).toBeNull();
    expect(workspace.tests).toEqual(cases);
  });
});
