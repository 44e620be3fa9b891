/**
 * Copying a result to the clipboard and saying so: the text goes to `navigator.clipboard`, and a
 * 'pyregex:toast' event on window tells the page's toaster what happened (the shell shows it). A
 * clipboard that is missing or refuses (no permission, insecure context) gives a toast saying so,
 * never an uncaught error. The environment is injectable so the tests run in Node.
 */

/** The event the shell listens for; `detail.message` is what the toast says. */
export const TOAST_EVENT = 'pyregex:toast';

export interface ToastDetail {
  message: string;
}

/** What copying needs from the browser. */
export interface CopyEnvironment {
  clipboard: Pick<Clipboard, 'writeText'> | undefined;
  target: EventTarget | undefined;
}

function browserEnvironment(): CopyEnvironment {
  return {
    clipboard: globalThis.navigator?.clipboard ?? undefined,
    target: typeof window === 'undefined' ? undefined : window,
  };
}

/** Shows a toast through the shell. */
export function toast(
  message: string,
  target: EventTarget | undefined = browserEnvironment().target,
) {
  target?.dispatchEvent(new CustomEvent<ToastDetail>(TOAST_EVENT, { detail: { message } }));
}

/**
 * Copies `text` and toasts the outcome. `what` names it for the toast, as a noun phrase ("Python
 * code"): the toast says "Python code copied" or "Could not copy the Python code: …". Resolves to
 * whether it worked.
 */
export async function copyText(
  text: string,
  what: string,
  env: CopyEnvironment = browserEnvironment(),
): Promise<boolean> {
  if (env.clipboard === undefined) {
    toast(`Could not copy the ${what}: this browser gives the page no clipboard.`, env.target);
    return false;
  }
  try {
    await env.clipboard.writeText(text);
  } catch {
    // The reason (no permission, document not focused) is the browser's; the fix is the same.
    toast(
      `Could not copy the ${what}: the browser refused. Select the text and copy it instead.`,
      env.target,
    );
    return false;
  }
  toast(`${what.charAt(0).toUpperCase()}${what.slice(1)} copied`, env.target);
  return true;
}
