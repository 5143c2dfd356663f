/** What copying did, in words for a screen reader and the eye alike. */
export type CopyOutcome = { ok: true; message: string } | { ok: false; message: string };

/** The part of `navigator.clipboard` that copying needs (a fake in tests). */
export interface ClipboardWriter {
  writeText(text: string): Promise<void>;
}

/**
 * Writes `text` to the clipboard and says how it went. A refusal (no permission, the page not
 * focused, no clipboard at all in an insecure context) gets a message saying what to do instead.
 */
export async function copyText(clipboard: ClipboardWriter | undefined, text: string): Promise<CopyOutcome> {
  if (text === '') return { ok: false, message: 'Nothing to copy yet.' };
  if (!clipboard || typeof clipboard.writeText !== 'function') {
    return {
      ok: false,
      message: 'This browser gives the page no clipboard: select the translation and copy it by hand (Ctrl+C).',
    };
  }
  try {
    await clipboard.writeText(text);
    return { ok: true, message: 'Copied' };
  } catch (error) {
    const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
    return {
      ok: false,
      message: `The browser refused access to the clipboard${reason}: select the translation and copy it by hand (Ctrl+C).`,
    };
  }
}
