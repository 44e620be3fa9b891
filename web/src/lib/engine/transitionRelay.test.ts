/** TransitionRelay: transitions made before anyone listens are handed over, in order, then live. */
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
function drive(relay: TransitionRelay, start: Lifecycle, events: LifecycleEvent[]): Lifecycle {
  let state = start;
  for (const event of events) {
    const next = transition(state, event);
    if (next !== state) relay.send(next, state, event);
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
    relay.listen((next, previous, event) =>
      seen.push(`${previous.kind}>${next.kind} ${event.type}`),
    );
    expect(seen).toEqual(['loading>loading progress', 'loading>ready loaded']);

    drive(relay, state, [{ type: 'restart', reason: 'memory' }]);
    expect(seen.at(-1)).toBe('ready>restarting restart');
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
    expect(later.mock.calls.map(([next]) => (next as Lifecycle).kind)).toEqual(['ready']);
  });

  it('takes one listener at a time', () => {
    const relay = new TransitionRelay();
    relay.listen(() => {});
    expect(() => relay.listen(() => {})).toThrow(/already have a listener/);
  });
});
