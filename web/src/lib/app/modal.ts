/**
 * Keeps a <dialog> in step with an `open` prop: shown modally when it becomes true, closed when it
 * becomes false (Escape and the dialog's own close go back through the `onclose` callback). One
 * copy for every modal panel; call it from an $effect.
 */
export function syncModal(dialog: HTMLDialogElement | undefined, open: boolean): void {
  if (dialog === undefined) return;
  if (open && !dialog.open) dialog.showModal();
  if (!open && dialog.open) dialog.close();
}
