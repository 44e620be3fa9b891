/** Copying with a toast: success, refusal and no clipboard at all. */
import { describe, expect, it, vi } from 'vitest';
import { TOAST_EVENT, copyText, type ToastDetail } from './copy';

function environment(writeText?: (text: string) => Promise<void>) {
  const target = new EventTarget();
  const toasts: string[] = [];
  target.addEventListener(TOAST_EVENT, (event) =>
    toasts.push((event as CustomEvent<ToastDetail>).detail.message),
  );
  return { env: { clipboard: writeText && { writeText }, target }, toasts };
}

describe('copyText', () => {
  it('writes the text and toasts success', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    const { env, toasts } = environment(writeText);
    await expect(copyText("['a']", 'return value', env)).resolves.toBe(true);
    expect(writeText).toHaveBeenCalledWith("['a']");
    expect(toasts).toEqual(['Return value copied']);
  });

  it('toasts a refusal instead of throwing', async () => {
    const { env, toasts } = environment(() => Promise.reject(new Error('Document is not focused')));
    await expect(copyText('x', 'Python code', env)).resolves.toBe(false);
    expect(toasts).toEqual([
      'Could not copy the Python code: the browser refused. Select the text and copy it instead.',
    ]);
  });

  it('toasts when there is no clipboard', async () => {
    const { env, toasts } = environment();
    await expect(copyText('x', 'Python code', env)).resolves.toBe(false);
    expect(toasts).toEqual([
      'Could not copy the Python code: this browser gives the page no clipboard.',
    ]);
  });
});
