import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Steps the live-demo specs share: reading the overlay's spans, exporting a trace and opening one.
 */

/** One token span of the overlay, as tests compare them. */
export interface SpanInfo {
  id: string | null;
  source: string | null;
  step: string | null;
  text: string;
}

export async function overlaySpans(output: Locator): Promise<SpanInfo[]> {
  return output.locator('span[data-source]').evaluateAll((nodes) =>
    nodes.map((node) => ({
      id: node.getAttribute('data-token-id'),
      source: node.getAttribute('data-source'),
      step: node.getAttribute('data-step'),
      text: node.textContent ?? '',
    })),
  );
}

/** Clicks Export and returns the downloaded file's name and text. */
export async function exportTrace(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trace-export').click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Opens a trace through the file picker. */
export async function openTraceFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('trace-file-input').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** Drops a file on the trace drop zone (a DataTransfer made in the page, as a real drop carries). */
export async function dropTraceFile(page: Page, name: string, text: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, text }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name, { type: 'application/json' }));
      return transfer;
    },
    { name, text },
  );
  await page.getByTestId('trace-drop').dispatchEvent('drop', { dataTransfer });
}

/** Numbers a chart states in its data-* attributes. */
export async function numberAttribute(locator: Locator, name: string): Promise<number> {
  const value = await locator.getAttribute(name);
  expect(value, `${name} is set`).not.toBeNull();
  return Number(value);
}
