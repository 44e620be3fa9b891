/**
 * TraceSteps over packed ints laid out as the bridge lays them out (7 little-endian int32s per step,
 * written here by hand from the contract), and traceOf turning a worker answer into a Trace.
 */
import { describe, expect, it } from 'vitest';
import type { TraceAnswer, TraceStep, TraceSuccess } from './contract';
import { TRACE_STEP_INTS, TraceSteps } from './traceSteps';
import { traceOf } from './tracing';

const OP_NAMES = ['MARK', 'LITERAL', 'BRANCH', 'SUCCESS', 'FAILURE'];

/** One packed step: [op, pattern start, pattern end, pos16, start16, flags, group]. */
type Packed = [number, number, number, number, number, number, number];

/**
 * `(a)|b` searched in "xb": attempt at 0 (MARK 0, LITERAL a fails, BRANCH's second alternative
 * backtracks to LITERAL b, fails), attempt at 1 (LITERAL a fails, backtrack to b, matches, SUCCESS).
 */
const STEPS: Packed[] = [
  [0, 0, 3, 0, 0, 0, 1], // MARK group 1 at 0
  [1, 1, 2, 0, 0, 0, -1], // LITERAL 'a' at 0
  [2, 0, 5, 0, 0, 1, -1], // BRANCH: backtrack to the second alternative
  [1, 4, 5, 0, 0, 0, -1], // LITERAL 'b' at 0
  [0, 0, 3, 1, 1, 0, 1], // attempt at 1: MARK group 1
  [1, 1, 2, 1, 1, 0, -1],
  [2, 0, 5, 1, 1, 1, -1], // backtrack
  [1, 4, 5, 1, 1, 0, -1],
  [3, -1, -1, 2, 1, 0, -1], // SUCCESS, no pattern construct
];

function packed(steps: Packed[]): ArrayBuffer {
  const view = new DataView(new ArrayBuffer(steps.length * TRACE_STEP_INTS * 4));
  steps.flat().forEach((value, i) => view.setInt32(i * 4, value, true));
  return view.buffer;
}

const view = (): TraceSteps =>
  TraceSteps.fromPacked({ count: STEPS.length, opNames: OP_NAMES }, packed(STEPS));

describe('TraceSteps', () => {
  it('reads each step lazily from the packed ints', () => {
    const steps = view();
    expect(steps.count).toBe(9);
    expect(steps.at(0)).toEqual({
      op: 'MARK',
      pattern16: [0, 3],
      pos16: 0,
      start16: 0,
      backtrack: false,
      group: 1,
    });
    expect(steps.at(2)).toEqual({
      op: 'BRANCH',
      pattern16: [0, 5],
      pos16: 0,
      start16: 0,
      backtrack: true,
      group: null,
    });
    expect(steps.at(8)).toMatchObject({ op: 'SUCCESS', pattern16: null, pos16: 2, start16: 1 });
    expect(steps.at(9)).toBeUndefined();
    expect(steps.at(-1)).toBeUndefined();
    expect(steps.at(1.5)).toBeUndefined();
    expect(() => steps.pos16(9)).toThrow(RangeError);
  });

  it('finds the next and previous backtrack', () => {
    const steps = view();
    expect(steps.nextBacktrack(-1)).toBe(2);
    expect(steps.nextBacktrack(2)).toBe(6);
    expect(steps.nextBacktrack(6)).toBeNull();
    expect(steps.previousBacktrack(6)).toBe(2);
    expect(steps.previousBacktrack(2)).toBeNull();
    expect(steps.previousBacktrack(100)).toBe(6);
  });

  it('finds match attempts by where they started', () => {
    const steps = view();
    expect(steps.nextAttempt(0)).toBe(4);
    expect(steps.nextAttempt(-1)).toBe(0);
    expect(steps.nextAttempt(4)).toBeNull();
    expect(steps.attemptStart(7)).toBe(4);
    expect(steps.attemptStart(3)).toBe(0);
    expect(steps.previousAttempt(7)).toBe(0);
    expect(steps.previousAttempt(3)).toBeNull();
  });

  it('finds the next step in a part of the pattern', () => {
    const steps = view();
    expect(steps.nextInPattern(-1, [4, 5])).toBe(2); // BRANCH [0, 5) covers the b
    expect(steps.nextInPattern(2, [4, 5])).toBe(3);
    expect(steps.nextInPattern(3, [1, 2])).toBe(4); // MARK [0, 3) covers the a
    expect(steps.nextInPattern(-1, [2, 2])).toBe(0); // an empty span: the construct around it
    expect(steps.nextInPattern(7, [0, 5])).toBeNull(); // SUCCESS has no construct
  });

  it('rejects a block that does not fit its layout', () => {
    expect(() => TraceSteps.fromPacked({ count: 2, opNames: OP_NAMES }, packed(STEPS))).toThrow(
      /expected 14 ints, got 63/,
    );
    const badOp = packed([[7, 0, 1, 0, 0, 0, -1]]);
    expect(() => TraceSteps.fromPacked({ count: 1, opNames: OP_NAMES }, badOp)).toThrow(/opcode 7/);
  });

  it('builds the same view from step objects', () => {
    const objects = Array.from({ length: STEPS.length }, (_, i) => view().at(i)!);
    const rebuilt = TraceSteps.fromSteps(objects);
    expect(rebuilt.count).toBe(STEPS.length);
    expect(Array.from({ length: rebuilt.count }, (_, i) => rebuilt.at(i))).toEqual(objects);
    expect(TraceSteps.EMPTY.count).toBe(0);
    expect(TraceSteps.EMPTY.nextAttempt(-1)).toBeNull();
    expect(TraceSteps.EMPTY.previousAttempt(0)).toBeNull();
  });
});

function success(overrides: Partial<TraceSuccess> = {}): TraceSuccess {
  return {
    ok: true,
    op: 'search',
    python: '3.14.2',
    supported: true,
    truncated: false,
    steps: 9,
    backtracks: 2,
    matches: [
      {
        span: [1, 2],
        span16: [1, 2],
        groups: [{ index: 0, name: null, span: [1, 2], span16: [1, 2], value: 'b' }],
      },
    ],
    matchSteps: [9],
    trace: [],
    traceComplete: true,
    stoppedAt: null,
    maxSteps: 1000,
    maxTraceSteps: 1000,
    ...overrides,
  };
}

describe('traceOf', () => {
  const request = { pattern: '(a)|b', text: 'xb', op: 'search' } as const;

  it('reads the packed steps and the matches of a success', () => {
    const answer: TraceAnswer = {
      result: { ...success(), packedSteps: { count: STEPS.length, opNames: OP_NAMES } },
      data: packed(STEPS),
      memoryBytes: null,
    };
    const trace = traceOf(answer, request);
    if (!trace.ok || !trace.supported) throw new Error('expected a success');
    expect(trace.trace.count).toBe(9);
    expect(trace.trace.op(8)).toBe('SUCCESS');
    expect(trace.matches?.length).toBe(1);
    expect(trace.matches?.value(0)).toBe('b');
    expect('packedSteps' in trace).toBe(false);
  });

  it('keeps a steps-only or truncated trace without steps or matches', () => {
    const answer: TraceAnswer = {
      result: {
        ...success({ truncated: true, matches: null, matchSteps: null, maxTraceSteps: 0 }),
        packedSteps: { count: 0, opNames: [] },
      },
      data: new ArrayBuffer(0),
      memoryBytes: null,
    };
    const trace = traceOf(answer, request);
    if (!trace.ok || !trace.supported) throw new Error('expected a success');
    expect(trace.trace.count).toBe(0);
    expect(trace.matches).toBeNull();
  });

  it('takes unpacked steps too (the fake engine sends them so)', () => {
    const step: TraceStep = {
      op: 'LITERAL',
      pattern16: [0, 1],
      pos16: 0,
      start16: 0,
      backtrack: false,
      group: null,
    };
    const trace = traceOf(
      { result: success({ trace: [step] }) as never, data: new ArrayBuffer(0), memoryBytes: 1 },
      request,
    );
    if (!trace.ok || !trace.supported) throw new Error('expected a success');
    expect(trace.trace.at(0)).toEqual(step);
  });

  it('passes an unsupported program and an error through', () => {
    const unsupported = {
      ok: true,
      op: 'search',
      python: '3.14.2',
      supported: false,
      reason: 'unknown opcode FOO',
    } as const;
    expect(
      traceOf({ result: unsupported, data: new ArrayBuffer(0), memoryBytes: null }, request),
    ).toEqual(unsupported);
    const error = {
      ok: false,
      error: {
        type: 'PatternError',
        where: 'pattern',
        message: 'missing )',
        pos: 0,
        pos16: 0,
        lineno: 1,
        colno: 1,
      },
    } as const;
    expect(
      traceOf({ result: error, data: new ArrayBuffer(0), memoryBytes: null }, request),
    ).toEqual(error);
  });
});
