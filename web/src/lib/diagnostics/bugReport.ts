/**
 * The text of a bug report, as the Diagnostics panel's "Copy bug report" puts it on the clipboard:
 * versions, browser, isolation, the failures and the engine's lifecycle history, in Markdown so it
 * pastes well into an issue. The user's pattern, flags, text and replacement are in it only when
 * `input` is given (the user ticked the box), and the page address never carries the permalink
 * fragment, which holds the same data.
 */
import { bootDescription, pythonVersion } from '../app/engineStatus';
import type { EngineInfo } from '../engine/contract';
import { failurePlace, type Failure, type LifecycleStep } from './diagnostics.svelte';

/** What the user may choose to include. */
export interface ReportInput {
  pattern: string;
  flags: string;
  op: string;
  text: string;
  replacement: string | null;
}

export interface ReportContext {
  failures: readonly Failure[];
  history: readonly LifecycleStep[];
  info: EngineInfo | null;
  /** The page address; its query and fragment are dropped. */
  url: string;
  userAgent: string;
  isolated: boolean;
  /** Date.now() when the report is made. */
  now: number;
  input: ReportInput | null;
}

/** Texts longer than this are cut in the report (a 10 MB log does not belong in an issue). */
export const MAX_REPORTED_TEXT = 100_000;

const time = (at: number) => new Date(at).toISOString();

/** A fenced block that no backtick run inside `text` can close early. */
function fenced(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

function pageAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(unknown)';
  }
}

export function bugReport(context: ReportContext): string {
  const { info } = context;
  const lines = [
    '## pyregex bug report',
    '',
    `- made: ${time(context.now)}`,
    `- page: ${pageAddress(context.url)}`,
    `- browser: ${context.userAgent}`,
    `- cross-origin isolated: ${context.isolated ? 'yes' : 'no'}`,
    info === null
      ? '- engine: not running'
      : `- engine: Python ${pythonVersion(info.python)}, Pyodide ${info.pyodide}, ` +
        `pyregex ${info.pyregex}, ${bootDescription(info.boot)}`,
    '',
    `### Failures (${context.failures.length})`,
    '',
  ];
  if (context.failures.length === 0) lines.push('None recorded.');
  for (const failure of context.failures) {
    lines.push(
      `- ${time(failure.at)} · ${failurePlace(failure)} · ${failure.kind}: ${failure.message}`,
    );
  }
  lines.push('', '### Engine lifecycle', '');
  if (context.history.length === 0) lines.push('No steps recorded.');
  for (const step of context.history) {
    const detail = step.detail === null ? '' : ` (${step.detail})`;
    lines.push(
      `- ${time(step.at)} · Python ${step.runtime} · ${step.event} → ${step.state}${detail}`,
    );
  }
  lines.push('', '### Input', '');
  if (context.input === null) {
    lines.push('Not included.');
  } else {
    const { pattern, flags, op, text, replacement } = context.input;
    lines.push(`Operation \`${op}\`, flags \`${flags || '(none)'}\`.`, '', 'Pattern:', '');
    const cut = text.length > MAX_REPORTED_TEXT;
    const shownText = cut ? text.slice(0, MAX_REPORTED_TEXT) : text;
    lines.push(
      fenced(pattern),
      '',
      cut ? `Text (the first ${MAX_REPORTED_TEXT} of ${text.length} characters):` : 'Text:',
      '',
      fenced(shownText),
    );
    if (replacement !== null) lines.push('', 'Replacement:', '', fenced(replacement));
  }
  return `${lines.join('\n')}\n`;
}
