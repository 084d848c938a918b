import type { FileChooser, Locator, Page } from 'playwright-core';

// What a keyboard user does in the browser tests: Tab until a control has the focus, and open a
// file input's chooser with the keys a person would press.

export type UploadFile = string | { name: string; mimeType: string; buffer: Buffer };

/** Presses Tab until `target` has the focus; with `mustShowFocus`, the focus must also be visible. */
export async function tabTo(page: Page, target: Locator, { max = 400, mustShowFocus = false } = {}): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error(`no element for ${String(target)}`);
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) {
      if (!mustShowFocus) return;
      const outline = await handle.evaluate((el) => (el.matches(':focus-visible') ? getComputedStyle(el).outlineStyle : 'no :focus-visible'));
      if (outline === 'none' || outline === 'no :focus-visible') throw new Error(`${String(target)} has the focus but does not show it (${outline})`);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(target)} in ${max} presses`);
}

/**
 * A file input by keyboard, once `focus` has put the focus on it: Space (or Enter) opens the file chooser. Playwright intercepts the
 * chooser only once a listener exists, and turning that on is asynchronous: a key pressed at once
 * can open a chooser nobody catches (seen in CI). So a listener is added before tabbing, and a
 * second key is tried before failing; both keys are what a keyboard user would press.
 */
export async function uploadByKeyboard(page: Page, file: UploadFile, focus: () => Promise<void>): Promise<void> {
  page.once('filechooser', () => undefined);
  await focus();
  const open = async (key: string, timeout: number): Promise<FileChooser> => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout }), page.keyboard.press(key)]);
    return chooser;
  };
  const chooser = await open('Space', 5_000).catch(async () => {
    await focus();
    return open('Enter', 20_000);
  });
  await chooser.setFiles(file);
}
