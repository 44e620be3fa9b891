/**
 * Short-lived confirmations ("Link copied", "Code copied"). Any module asks for one by dispatching
 * a 'pyregex:toast' CustomEvent on window with detail {message, action?} (so result panels need no
 * handle on the page); Toasts listens, keeps the few newest for a few seconds (longer when they
 * offer an action, such as Undo), and the page shows them in a polite live region. No DOM here
 * beyond that one listener.
 */

export const TOAST_EVENT = 'pyregex:toast';

/** How long a toast stays. */
export const TOAST_MS = 3_500;

/** How long a toast with an action (Undo) stays: long enough to reach its button. */
export const ACTION_TOAST_MS = 8_000;

/** A button on a toast, e.g. Undo; using it dismisses the toast. */
export interface ToastAction {
  label: string;
  run: () => void;
}

/** At most this many toasts at once; older ones go first. */
const MAX_TOASTS = 3;

export interface ToastDetail {
  message: string;
  action?: ToastAction;
}

export interface Toast {
  id: number;
  message: string;
  action: ToastAction | null;
}

/** Asks the page to show `message` as a toast, with an optional action button. */
export function toast(message: string, target: EventTarget = window, action?: ToastAction): void {
  const detail: ToastDetail = action === undefined ? { message } : { message, action };
  target.dispatchEvent(new CustomEvent<ToastDetail>(TOAST_EVENT, { detail }));
}

function isToastDetail(detail: unknown): detail is ToastDetail {
  if (typeof detail !== 'object' || detail === null) return false;
  const { message, action } = detail as { message?: unknown; action?: unknown };
  if (typeof message !== 'string') return false;
  if (action === undefined) return true;
  const { label, run } = (action ?? {}) as { label?: unknown; run?: unknown };
  return typeof label === 'string' && typeof run === 'function';
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
      if (isToastDetail(detail) && detail.message !== '') this.show(detail.message, detail.action);
    };
    target.addEventListener(TOAST_EVENT, onToast);
    return () => {
      target.removeEventListener(TOAST_EVENT, onToast);
      for (const timer of this.#timers.values()) clearTimeout(timer);
      this.#timers.clear();
    };
  }

  show(message: string, action?: ToastAction): void {
    // The same message again (a second Copy click) restarts its toast instead of stacking.
    for (const item of this.#items) if (item.message === message) this.dismiss(item.id);
    const id = this.#nextId++;
    this.#items = [...this.#items, { id, message, action: action ?? null }];
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), action === undefined ? TOAST_MS : ACTION_TOAST_MS),
    );
    while (this.#items.length > MAX_TOASTS) this.dismiss(this.#items[0]!.id);
  }

  /** Runs a toast's action and dismisses it. */
  act(id: number): void {
    const item = this.#items.find((toast) => toast.id === id);
    this.dismiss(id);
    item?.action?.run();
  }

  dismiss(id: number): void {
    const timer = this.#timers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(id);
    this.#items = this.#items.filter((item) => item.id !== id);
  }
}
