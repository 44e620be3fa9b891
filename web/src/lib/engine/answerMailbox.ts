/**
 * Same-frame answers: a shared mailbox through which the engine hands an evaluation's answer to
 * the page while the page is still handling the keystroke that asked for it.
 *
 * Why: an answer posted by the worker is a task of its own, and the browser renders the
 * keystroke's frame before it runs it; so a result the engine had ready in 3 ms reached the screen
 * one or two frames (17-34 ms) after the key. On cross-origin isolated pages the engine also
 * writes each evaluation's answer here, and the page, in the next frame after sending a request
 * it expects to be answered soon (the keystroke's own frame), reads it from here, waiting for it
 * if need be (a bounded spin on Atomics.load: the main thread may not block), and applies it.
 * The posted answer still arrives, and applies it only if no frame came first. Whether and how
 * long to wait is learnt from the recent evaluations (engineClient.svelte.ts): the box says how
 * long the engine took over each one, so a text whose evaluation takes 30 ms is never waited for.
 *
 * Layout of the one SharedArrayBuffer (MAILBOX_BYTES): Int32 slots [ticket, jsonBytes, dataBytes],
 * then Float64 slots [memoryBytes (NaN: unknown), runMs (the engine's time on it)] from byte 16, then
 * from HEADER_BYTES the answer's JSON (UTF-8) and its packed bytes. The engine writes everything
 * else first and the ticket last (Atomics.store); the page reads the rest only after it has seen
 * its ticket, and a new answer is only written after the page sent a new request, which it does
 * only once it is done reading. An answer too big for the box is announced as -ticket.
 */

/** The box's size: a typical answer is a few kilobytes; bigger ones are not awaited anyway. */
export const MAILBOX_BYTES = 1 << 20;

const HEADER_BYTES = 32;
const SLOT = { ticket: 0, jsonBytes: 1, dataBytes: 2 } as const;
const FLOAT_SLOT = { memoryBytes: 2, runMs: 3 } as const;

/** One answer as the engine produced it: the JSON of its evaluation and the packed matches. */
export interface MailedAnswer {
  json: string;
  data: ArrayBuffer;
  memoryBytes: number | null;
}

/** What the box holds for a ticket. */
export type MailboxRead =
  | ({ kind: 'answer'; runMs: number } & MailedAnswer)
  /** The answer was ready but did not fit: it comes only as the worker's message. */
  | { kind: 'tooLarge'; runMs: number };

export function createMailbox(): SharedArrayBuffer {
  return new SharedArrayBuffer(MAILBOX_BYTES);
}

/**
 * The engine's side: puts the answer to request `ticket` (a positive integer), which took the
 * engine `runMs`, in the box.
 */
export function postAnswer(
  box: SharedArrayBuffer,
  ticket: number,
  answer: MailedAnswer,
  runMs: number,
): void {
  const slots = new Int32Array(box, 0, 3);
  const floats = new Float64Array(box, 0, 4);
  const json = new TextEncoder().encode(answer.json);
  const fits = HEADER_BYTES + json.byteLength + answer.data.byteLength <= box.byteLength;
  if (fits) {
    const body = new Uint8Array(box, HEADER_BYTES);
    body.set(json);
    body.set(new Uint8Array(answer.data), json.byteLength);
    slots[SLOT.jsonBytes] = json.byteLength;
    slots[SLOT.dataBytes] = answer.data.byteLength;
    floats[FLOAT_SLOT.memoryBytes] = answer.memoryBytes ?? Number.NaN;
  }
  floats[FLOAT_SLOT.runMs] = runMs;
  Atomics.store(slots, SLOT.ticket, fits ? ticket : -ticket);
}

/** The page's side: what the box holds for `ticket`, or null when that answer is not there. */
export function readAnswer(box: SharedArrayBuffer, ticket: number): MailboxRead | null {
  const slots = new Int32Array(box, 0, 3);
  const seen = Atomics.load(slots, SLOT.ticket);
  if (seen !== ticket && seen !== -ticket) return null;
  const floats = new Float64Array(box, 0, 4);
  const runMs = floats[FLOAT_SLOT.runMs]!;
  if (seen < 0) return { kind: 'tooLarge', runMs };
  const jsonBytes = slots[SLOT.jsonBytes]!;
  const dataBytes = slots[SLOT.dataBytes]!;
  // Copied out: TextDecoder takes no shared memory, and the matches must outlive the next answer.
  const json = new TextDecoder().decode(new Uint8Array(box, HEADER_BYTES, jsonBytes).slice());
  const data = new Uint8Array(box, HEADER_BYTES + jsonBytes, dataBytes).slice().buffer;
  const memoryBytes = floats[FLOAT_SLOT.memoryBytes]!;
  return {
    kind: 'answer',
    runMs,
    json,
    data,
    memoryBytes: Number.isNaN(memoryBytes) ? null : memoryBytes,
  };
}

/** How long the engine took over the answer to `ticket`, or null when the box holds another. */
export function runMsOf(box: SharedArrayBuffer, ticket: number): number | null {
  const seen = Atomics.load(new Int32Array(box, 0, 3), SLOT.ticket);
  if (seen !== ticket && seen !== -ticket) return null;
  return new Float64Array(box, 0, 4)[FLOAT_SLOT.runMs]!;
}

/**
 * Waits up to `budgetMs` (by `now`) for the answer to `ticket`, spinning (the page's main thread
 * may not block). Null when it did not come in time.
 */
export function awaitAnswer(
  box: SharedArrayBuffer,
  ticket: number,
  budgetMs: number,
  now: () => number = () => performance.now(),
): MailboxRead | null {
  const until = now() + budgetMs;
  for (;;) {
    const read = readAnswer(box, ticket);
    if (read !== null || now() >= until) return read;
  }
}
