/**
 * TransitionRelay: transitions made before anyone listens are handed over, in order, then live,
 * each with the version of the engine that made it.
 */
import { describe, expect, it, vi } from 'vitest';
import type { EngineInfo } from './contract';
import { initialLifecycle, transition, type Lifecycle, type LifecycleEvent } from './lifecycle';
import { TransitionRelay } from './transitionRelay';

const INFO: EngineInfo = {
  python: '3.14.2',
  pyodide: '314.0.7',
  pyregex: '0.1.0',
  boot: { from: 'fresh', problem: null },
};

/** Feeds `events` through the real lifecycle, sending each change to the relay as the client does. */
function drive(
  relay: TransitionRelay,
  start: Lifecycle,
  events: LifecycleEvent[],
  runtime = '3.14',
): Lifecycle {
  let state = start;
  for (const event of events) {
    const next = transition(state, event);
    if (next !== state) relay.send(runtime, next, state, event);
    state = next;
  }
  return state;
}

const PROGRESS: LifecycleEvent = {
  type: 'progress',
  attempt: 1,
  progress: { file: 'pyodide.asm.wasm', label: 'Python runtime', loaded: 1, total: 2 },
};
const LOADED: LifecycleEvent = { type: 'loaded', attempt: 1, info: INFO };

describe('TransitionRelay', () => {
  it('hands a late listener the held transitions in order, then each new one', () => {
    const relay = new TransitionRelay();
    const state = drive(relay, initialLifecycle(), [PROGRESS, LOADED]);
    const seen: string[] = [];
    relay.listen((runtime, next, previous, event) =>
      seen.push(`${runtime} ${previous.kind}>${next.kind} ${event.type}`),
    );
    expect(seen).toEqual(['3.14 loading>loading progress', '3.14 loading>ready loaded']);

    drive(relay, state, [{ type: 'restart', reason: 'memory' }]);
    expect(seen.at(-1)).toBe('3.14 ready>restarting restart');
    drive(relay, initialLifecycle(), [LOADED], '3.12');
    expect(seen.at(-1)).toBe('3.12 loading>ready loaded');
  });

  it('hands each transition over once, and holds them again once the listener is removed', () => {
    const relay = new TransitionRelay();
    const listener = vi.fn();
    const stop = relay.listen(listener);
    const state = drive(relay, initialLifecycle(), [PROGRESS]);
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    drive(relay, state, [LOADED]);
    expect(listener).toHaveBeenCalledTimes(1);
    const later = vi.fn();
    relay.listen(later);
    expect(later.mock.calls.map(([runtime, next]) => [runtime, (next as Lifecycle).kind])).toEqual([
      ['3.14', 'ready'],
    ]);
  });

  it('takes one listener at a time', () => {
    const relay = new TransitionRelay();
    relay.listen(() => {});
    expect(() => relay.listen(() => {})).toThrow(/already have a listener/);
  });
});
