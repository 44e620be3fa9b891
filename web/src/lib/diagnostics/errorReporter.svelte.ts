/**
 * The user's choice about error reports, as page state (the Diagnostics panel's checkbox), and the
 * gate every failure passes: sent only when the build names an endpoint, the user turned reports
 * on, it is not a repeat, and fewer than MAX_REPORTS_PER_PAGE left this page. What a report holds
 * and how it is scrubbed: errorReports.ts.
 */
import {
  endpointHost,
  MAX_REPORTS_PER_PAGE,
  reportOf,
  type ReportContext,
  type ReporterEnvironment,
} from './errorReports';
import type { Failure } from './diagnostics.svelte';

export class ErrorReporter {
  /** The endpoint this build reports to, or '' when it has none (then nothing is ever sent). */
  readonly endpoint: string;
  #on = $state(false);
  /** Reports already sent (source, kind, message): page-load bookkeeping, never shown. */
  readonly #seen: string[] = [];
  readonly #env: ReporterEnvironment;

  constructor(endpoint: string, env: ReporterEnvironment) {
    this.endpoint = endpoint;
    this.#env = env;
    this.#on = endpoint !== '' && env.loadChoice() === true;
  }

  /** Whether this build can report at all (it names an endpoint). */
  get available(): boolean {
    return this.endpoint !== '';
  }

  /** Whether the user turned reports on (never without an endpoint). */
  get on(): boolean {
    return this.#on;
  }

  set on(value: boolean) {
    if (!this.available) return;
    this.#on = value;
    this.#env.saveChoice(value);
  }

  /** The endpoint's host, for the checkbox's label ("Send error reports to errors.example.org"). */
  get host(): string {
    return endpointHost(this.endpoint);
  }

  /**
   * Sends `failure` if reports are on, it is not a repeat of one already sent, and fewer than
   * MAX_REPORTS_PER_PAGE left this page. Returns whether it was sent.
   */
  report(failure: Failure, context: ReportContext): boolean {
    if (!this.#on || this.#seen.length >= MAX_REPORTS_PER_PAGE) return false;
    const report = reportOf(failure, context);
    const key = `${report.source}\u0000${report.kind}\u0000${report.message}`;
    if (this.#seen.includes(key)) return false;
    this.#seen.push(key);
    this.#env.send(this.endpoint, JSON.stringify(report));
    return true;
  }
}
