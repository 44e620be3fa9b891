/**
 * Short-lived confirmations ("Link copied", "Code copied"). Any module asks for one by dispatching
 * a 'pyregex:toast' CustomEvent on window with detail {message} (so result panels need no handle on
 * the page); Toasts listens, keeps the few newest for a few seconds, and the page shows them in a
 * polite live region. No DOM here beyond that one listener.
 */

export const TOAST_EVENT = 'pyregex:toast';

/** How long a toast stays. */
export const TOAST_MS = 3_500;

/** At most this many toasts at once; older ones go first. */
const MAX_TOASTS = 3;

export interface ToastDetail {
  message: string;
}

export interface Toast {
  id: number;
  message: string;
}

/** Asks the page to show `message` as a toast. */
export function toast(message: string, target: EventTarget = window): void {
  target.dispatchEvent(new CustomEvent<ToastDetail>(TOAST_EVENT, { detail: { message } }));
}

function isToastDetail(detail: unknown): detail is ToastDetail {
  return (
    typeof detail === 'object' &&
    detail !== null &&
    typeof (detail as { message?: unknown }).message === 'string'
  );
}

export class Toasts {
  #items = $state.raw<readonly Toast[]>([]);
  #nextId = 1;
  // Timers, not state: nothing renders from this map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #timers = new Map<number, ReturnType<typeof setTimeout>>();

  get items(): readonly Toast[] {
    return this.#items;
  }

  /** Listens for toast events on `target` until the returned function is called. */
  listen(target: EventTarget = window): () => void {
    const onToast = (event: Event): void => {
      const detail: unknown = (event as CustomEvent).detail;
      if (isToastDetail(detail) && detail.message !== '') this.show(detail.message);
    };
    target.addEventListener(TOAST_EVENT, onToast);
    return () => {
      target.removeEventListener(TOAST_EVENT, onToast);
      for (const timer of this.#timers.values()) clearTimeout(timer);
      this.#timers.clear();
    };
  }

  show(message: string): void {
    // The same message again (a second Copy click) restarts its toast instead of stacking.
    for (const item of this.#items) if (item.message === message) this.dismiss(item.id);
    const id = this.#nextId++;
    this.#items = [...this.#items, { id, message }];
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), TOAST_MS),
    );
    while (this.#items.length > MAX_TOASTS) this.dismiss(this.#items[0]!.id);
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
    this.#items = this.#items.filter((item) => item.id !== id);
  }
}
