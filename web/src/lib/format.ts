/**
 * Turns engine results into the short texts the page shows: Python-style spans and reprs, and the
 * notice for a stopped run. Pure string functions only: no DOM, no engine, no markup.
 */
import type { RunOutcome } from './engine/engineClient.svelte';

/** A half-open span as Python users read it: `[1, 4)`. */
export function formatSpan(span: readonly number[]): string {
  return `[${span[0]}, ${span[1]})`;
}

/** Characters Python's str.isprintable() rejects (space excepted): Cc Cf Cs Co Cn Zl Zp Zs. */
const NOT_PRINTABLE = /^[\p{C}\p{Z}]$/u;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function hexEscape(codePoint: number): string {
  if (codePoint < 0x100) return `\\x${codePoint.toString(16).padStart(2, '0')}`;
  if (codePoint < 0x10000) return `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `\\U${codePoint.toString(16).padStart(8, '0')}`;
}

/**
 * `repr(s)` of a Python str, for text that came from the engine as UTF-16 (lone surrogates
 * included): the same quote choice and escapes as CPython's unicode_repr.
 */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (char === quote) out += `\\${quote}`;
    else if (codePoint < 0x20 || codePoint === 0x7f) out += hexEscape(codePoint);
    else if (codePoint > 0x7f && NOT_PRINTABLE.test(char)) out += hexEscape(codePoint);
    else out += char;
  }
  return out + quote;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** One sentence for a run that did not produce a result, e.g. "Stopped after 2.0 s — …". */
export function stoppedNotice(outcome: Exclude<RunOutcome, { kind: 'done' }>): string {
  if (outcome.kind === 'engineError') return `The engine could not answer: ${outcome.message}`;
  const after = `Stopped after ${seconds(outcome.afterMs)}`;
  switch (outcome.cause) {
    case 'deadline':
      return outcome.how === 'interrupt'
        ? `${after} — the pattern ran past the time limit (likely catastrophic backtracking) and was interrupted.`
        : `${after} — the pattern ran past the time limit (likely catastrophic backtracking); the engine was restarted to stop it.`;
    case 'user':
      return outcome.how === 'interrupt'
        ? `${after} — you stopped the run.`
        : `${after} — you stopped the run; the engine was restarted.`;
    case 'crash':
      return `${after} — the engine crashed during this run and was restarted.`;
    case 'memory':
      return `${after} — the engine ran out of memory during this run (its result would not fit) and was restarted.`;
  }
}
