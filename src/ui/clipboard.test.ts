import { describe, expect, it } from 'vitest';
import { copyText, type ClipboardWriter } from './clipboard.ts';

function recordingClipboard(): ClipboardWriter & { written: string[] } {
  const written: string[] = [];
  return { written, writeText: async (text) => void written.push(text) };
}

describe('copyText', () => {
  it('writes the text and says "Copied"', async () => {
    const clipboard = recordingClipboard();
    expect(await copyText(clipboard, 'Hello.\n\nWorld')).toEqual({ ok: true, message: 'Copied' });
    expect(clipboard.written).toEqual(['Hello.\n\nWorld']);
  });

  it('says plainly when the browser refuses, and what to do instead', async () => {
    const refusing: ClipboardWriter = {
      writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
    };
    const outcome = await copyText(refusing, 'x');
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/refused access to the clipboard \(Write permission denied\.\)/);
    expect(outcome.message).toMatch(/copy it by hand/);
  });

  it('copes with no clipboard at all, and with nothing to copy', async () => {
    expect(await copyText(undefined, 'x')).toMatchObject({ ok: false, message: expect.stringMatching(/no clipboard/) });
    const clipboard = recordingClipboard();
    expect(await copyText(clipboard, '')).toMatchObject({ ok: false });
    expect(clipboard.written).toEqual([]);
  });
});
