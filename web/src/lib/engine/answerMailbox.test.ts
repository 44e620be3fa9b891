/**
 * The answer mailbox: what the engine puts in comes out whole for its ticket only, an answer too
 * big for the box is announced as such, and a page spinning on the box sees an answer that
 * another thread writes while it waits.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  MAILBOX_BYTES,
  awaitAnswer,
  createMailbox,
  postAnswer,
  readAnswer,
  runMsOf,
  type MailedAnswer,
} from './answerMailbox';

function answer(
  json: string,
  bytes: number[],
  memoryBytes: number | null = 5 * 2 ** 20,
): MailedAnswer {
  return { json, data: new Int32Array(bytes).buffer, memoryBytes };
}

describe('answer mailbox', () => {
  it('hands back the JSON, the packed bytes and the memory for the ticket written', () => {
    const box = createMailbox();
    expect(box.byteLength).toBe(MAILBOX_BYTES);
    postAnswer(box, 7, answer('{"result":{"ok":true,"text":"é😀"}}', [0, 2, -1, -1]), 1.5);
    const read = readAnswer(box, 7);
    expect(read).toMatchObject({
      kind: 'answer',
      json: '{"result":{"ok":true,"text":"é😀"}}',
      memoryBytes: 5 * 2 ** 20,
      runMs: 1.5,
    });
    if (read?.kind !== 'answer') throw new Error('no answer');
    expect([...new Int32Array(read.data)]).toEqual([0, 2, -1, -1]);
    expect(read.data).not.toBeInstanceOf(SharedArrayBuffer); // a copy the next answer cannot touch
    expect(runMsOf(box, 7)).toBe(1.5);
  });

  it('says nothing about another ticket, and the newest answer replaces the last', () => {
    const box = createMailbox();
    expect(readAnswer(box, 1)).toBeNull();
    postAnswer(box, 1, answer('{"a":1}', [1, 2]), 2);
    expect(readAnswer(box, 2)).toBeNull();
    expect(runMsOf(box, 2)).toBeNull();
    postAnswer(box, 2, answer('{"b":2}', []), 3);
    expect(readAnswer(box, 1)).toBeNull();
    expect(readAnswer(box, 2)).toMatchObject({ kind: 'answer', json: '{"b":2}', runMs: 3 });
  });

  it('keeps an unknown memory size unknown', () => {
    const box = createMailbox();
    postAnswer(box, 3, answer('{}', [], null), 0.5);
    expect(readAnswer(box, 3)).toMatchObject({ kind: 'answer', memoryBytes: null });
  });

  it('announces an answer too big for the box without its body', () => {
    const box = createMailbox();
    const huge = answer(
      '{}',
      Array.from({ length: MAILBOX_BYTES / 4 }, (_, i) => i),
    );
    postAnswer(box, 4, huge, 30);
    expect(readAnswer(box, 4)).toEqual({ kind: 'tooLarge', runMs: 30 });
    expect(runMsOf(box, 4)).toBe(30);
  });

  it('stops waiting after its budget when no answer comes', () => {
    const box = createMailbox();
    const started = performance.now();
    expect(awaitAnswer(box, 9, 5)).toBeNull();
    expect(performance.now() - started).toBeGreaterThanOrEqual(5);
  });

  it('sees an answer another thread puts in the box while it waits', async () => {
    // The answer is laid out in a scratch box; a worker thread copies it into the real one a few
    // ms later, body first and the ticket last, as postAnswer does.
    const scratch = createMailbox();
    postAnswer(scratch, 11, answer('{"from":"worker"}', [4, 6]), 2.5);
    const box = createMailbox();
    const worker = new Worker(
      `const { workerData: { from, to } } = require('node:worker_threads');
       const started = Date.now();
       while (Date.now() - started < 20);
       new Uint8Array(to).set(new Uint8Array(from).subarray(4), 4);
       Atomics.store(new Int32Array(to), 0, Atomics.load(new Int32Array(from), 0));`,
      { eval: true, workerData: { from: scratch, to: box } },
    );
    try {
      const read = awaitAnswer(box, 11, 5_000);
      expect(read).toMatchObject({ kind: 'answer', json: '{"from":"worker"}', runMs: 2.5 });
      if (read?.kind !== 'answer') throw new Error('no answer');
      expect([...new Int32Array(read.data)]).toEqual([4, 6]);
    } finally {
      await worker.terminate();
    }
  });
});
