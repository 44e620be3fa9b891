import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSession } from '../state/permalink';
import { SessionPersistence, STORAGE_KEY } from '../state/persistence';
import { DEFAULT_SESSION, type Session } from '../state/session';
import { FakeStorage } from '../state/testing';
import { Notices } from './notices.svelte';
import { SessionKeeper } from './sessionKeeper.svelte';
import { FakeEngine } from './fakeEngine.svelte';
import { FakeKeeperEnvironment } from './fakeKeeperEnvironment';
import { Workspace } from './workspace.svelte';

let env: FakeKeeperEnvironment;
let storage: FakeStorage;
let notices: Notices;
let keeper: SessionKeeper;
let stops: Array<() => void> = [];

const linked: Session = {
  ...DEFAULT_SESSION,
  pattern: '(?P<w>\\w+)',
  text: 'a\r\nb 😀',
  op: 'subn',
  replacement: '<\\g<w>>',
  flags: 'im',
};

function start(): Workspace {
  keeper = new SessionKeeper(
    notices,
    env,
    new SessionPersistence({ storage: () => storage, delayMs: 0 }),
  );
  const workspace = new Workspace(new FakeEngine(), keeper.initial());
  stops.push(keeper.connect(workspace));
  flushSync();
  return workspace;
}

/** Waits for the async link decoding (real streams) to finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 1));
  flushSync();
}

beforeEach(() => {
  env = new FakeKeeperEnvironment();
  storage = new FakeStorage();
  notices = new Notices();
});

afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('SessionKeeper', () => {
  it('starts from the example, then from what was saved', async () => {
    const first = start();
    expect(first.session.pattern).toBe(DEFAULT_SESSION.pattern);
    first.setText('my own text\r\n');
    flushSync();
    env.fire('pagehide');
    for (const stop of stops) stop();
    stops = [];
    expect(storage.items.get(STORAGE_KEY)).toContain('my own text');

    const second = start();
    expect(second.session.text).toBe('my own text\r\n');
  });

  it('opens a link in the URL exactly, and keeps it while nothing is edited', async () => {
    env.fragment = await encodeSession(linked);
    const workspace = start();
    await settle();
    expect({ ...workspace.session }).toEqual(linked);
    expect(env.fragment).not.toBe('');
    expect(notices.list).toEqual([]);
  });

  it('drops the fragment once the page no longer shows the link', async () => {
    env.fragment = await encodeSession(linked);
    const workspace = start();
    await settle();
    workspace.setPattern('changed');
    flushSync();
    expect(env.fragment).toBe('');
  });

  it('keeps the last work and shows a notice for a link it cannot read', async () => {
    storage.items.set(
      STORAGE_KEY,
      JSON.stringify({ app: 'pyregex', version: 1, session: { ...DEFAULT_SESSION, text: 'mine' } }),
    );
    env.fragment = '#v1=AAAA-not-deflate';
    const workspace = start();
    await settle();
    expect(workspace.session.text).toBe('mine');
    expect(notices.list).toHaveLength(1);
    expect(notices.list[0]).toMatchObject({
      tone: 'error',
      title: 'This link could not be opened.',
    });
  });

  it('clears the notice about a broken link once a good link replaces it', async () => {
    env.fragment = '#v1=broken';
    const workspace = start();
    await settle();
    expect(notices.list).toHaveLength(1);
    await keeper.share(workspace);
    expect(notices.list).toEqual([]);
  });

  it('shares: the fragment restores the session, the URL is copied, a toast says so', async () => {
    const workspace = start();
    workspace.replace(linked);
    flushSync();
    await keeper.share(workspace);
    expect(env.fragment).toMatch(/^#v1=/);
    expect(env.clipboard).toEqual([env.href()]);
    expect(env.toasts.at(-1)).toMatch(/copied/i);

    const other = new Workspace(new FakeEngine());
    await keeper.openLink(other, env.fragment);
    expect({ ...other.session }).toEqual(linked);
  });

  it('says where the link is when copying is refused', async () => {
    env.copyFails = true;
    const workspace = start();
    await keeper.share(workspace);
    expect(env.fragment).toMatch(/^#v1=/);
    expect(env.toasts.at(-1)).toMatch(/address bar/);
  });

  it('opens a link pasted into the address bar later', async () => {
    const workspace = start();
    env.fragment = await encodeSession(linked);
    env.fire('hashchange');
    await settle();
    expect(workspace.session.pattern).toBe(linked.pattern);
  });
});
