/**
 * Notices that stay until the user dismisses them: a link that could not be opened, a link opened
 * with repairs, saved work that was ignored, storage that is unavailable, a new version waiting
 * (with a button to reload into it). (Passing confirmations
 * such as "Link copied" are toasts instead; see toasts.svelte.ts.) State only: no DOM.
 */

export type NoticeTone = 'error' | 'warning' | 'info';

export interface Notice {
  id: number;
  tone: NoticeTone;
  /** One sentence in bold, e.g. "This link could not be opened." */
  title: string;
  /** More sentences: the reason, what the page did instead. */
  details: readonly string[];
  /** A button beside Dismiss that does what the notice offers, e.g. "Reload now". */
  action?: NoticeAction | undefined;
}

export interface NoticeAction {
  label: string;
  run: () => void;
}

export class Notices {
  #list = $state.raw<readonly Notice[]>([]);
  #nextId = 1;

  get list(): readonly Notice[] {
    return this.#list;
  }

  /** Shows a notice and returns its id. An identical notice already shown is not repeated. */
  add(
    tone: NoticeTone,
    title: string,
    details: readonly string[] = [],
    action?: NoticeAction,
  ): number {
    const same = this.#list.find(
      (notice) =>
        notice.tone === tone &&
        notice.title === title &&
        notice.details.join('\n') === details.join('\n'),
    );
    if (same !== undefined) return same.id;
    const id = this.#nextId++;
    this.#list = [...this.#list, { id, tone, title, details, action }];
    return id;
  }

  dismiss(id: number): void {
    this.#list = this.#list.filter((notice) => notice.id !== id);
  }
}
