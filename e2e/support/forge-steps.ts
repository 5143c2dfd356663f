import { writeFileSync } from 'node:fs';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { germanSentences } from '../../scripts/lib/german-corpus.ts';

/**
 * Steps the forge specs share. The pair is the learnable fixture pair (npm run fixtures writes
 * public/models/learn-target and learn-drafter): a drafter can learn what the target does
 * differently, so α on held-out sentences can rise.
 */
export const FORGE_TARGET = process.env.FORGE_TARGET ?? 'learn-target';
export const FORGE_DRAFTER = process.env.FORGE_DRAFTER ?? 'learn-drafter';

/** Imports a fixture folder through the model manager (into Cache Storage, as a user's own model). */
export async function importFixture(page: Page, folder: string): Promise<void> {
  const panel = page.getByTestId('model-manager');
  if (!(await panel.evaluate((e) => (e as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await panel.getByTestId('model-folder-input').setInputFiles(`public/models/${folder}`);
  await expect(panel.getByTestId('import-status')).toHaveText(new RegExp(`^Imported as ${folder}: `), {
    timeout: 60_000,
  });
}

/** A corpus file written for the test: `count` German sentences, one per line. */
export function germanCorpusFile(testInfo: TestInfo, count: number, name = 'corpus.de.txt'): string {
  const path = testInfo.outputPath(name);
  writeFileSync(path, `${germanSentences(count).join('\n')}\n`);
  return path;
}

export function textFile(testInfo: TestInfo, name: string, content: string | Uint8Array): string {
  const path = testInfo.outputPath(name);
  writeFileSync(path, content);
  return path;
}

export async function openForge(page: Page) {
  const forge = page.getByTestId('forge-panel');
  if (!(await forge.evaluate((e) => (e as HTMLDetailsElement).open))) await forge.locator('summary').click();
  return forge;
}

/** Fills the corpus form with a file and presses Prepare. */
export async function prepareFromFile(
  page: Page,
  file: string,
  options: { maxNewTokens?: number; layout?: string; column?: string; drafter?: string } = {},
): Promise<void> {
  const forge = await openForge(page);
  await forge.getByRole('radio', { name: 'A file' }).check();
  await forge.getByTestId('forge-file-input').setInputFiles(file);
  if (options.layout) await forge.getByRole('combobox', { name: 'Layout' }).selectOption(options.layout);
  if (options.column) await forge.getByRole('textbox', { name: /Column|Field/ }).fill(options.column);
  await forge.getByRole('combobox', { name: 'Language' }).selectOption('de');
  await forge.getByRole('combobox', { name: 'Target' }).selectOption(`user:${FORGE_TARGET}`);
  await forge.getByRole('combobox', { name: 'Base drafter' }).selectOption(`user:${options.drafter ?? FORGE_DRAFTER}`);
  await forge
    .getByRole('spinbutton', { name: 'Output limit (tokens per sentence)' })
    .fill(String(options.maxNewTokens ?? 12));
  await forge.getByRole('button', { name: 'Prepare' }).click();
}

/** Sets the job's fine-tuning settings through the editable table (before training starts). */
export async function setSetting(page: Page, label: string, value: number): Promise<void> {
  const input = page.getByTestId('forge-panel').getByRole('spinbutton', { name: label });
  await input.fill(String(value));
  await input.blur();
}
