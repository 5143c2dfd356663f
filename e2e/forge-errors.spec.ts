import { parquetWriteBuffer } from 'hyparquet-writer';
import { expect, type Page, test } from '@playwright/test';
import { collectErrors } from './support/app-steps.ts';
import {
  FORGE_DRAFTER,
  FORGE_TARGET,
  germanCorpusFile,
  importFixture,
  openForge,
  prepareFromFile,
  textFile,
} from './support/forge-steps.ts';

/**
 * Bad input to the forge, each said in plain words before any work, and no job created (so nothing
 * can be half-written or installed): an empty file, a file with no usable sentences, a wrong CSV
 * column, a Parquet file without the column, a corpus in the wrong language, a storage quota too
 * small for the job, a base drafter whose vocabulary differs from the target's.
 */

async function expectRefused(page: Page, errorName: string, message: string | RegExp): Promise<void> {
  const forge = await openForge(page);
  const error = forge.getByTestId('forge-prepare-error');
  await expect(error).toBeVisible({ timeout: 30_000 });
  await expect(error).toHaveAttribute('data-error', errorName);
  await expect(error).toContainText(message);
  await expect(forge.getByTestId('forge-job')).toHaveCount(0);
  await expect(forge.getByTestId('forge-job-select')).toHaveCount(0);
}

test.describe('forge: bad input is refused before any work', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await importFixture(page, FORGE_TARGET);
    await importFixture(page, FORGE_DRAFTER);
  });

  test('an empty file', async ({ page }, testInfo) => {
    const errors = collectErrors(page);
    await prepareFromFile(page, textFile(testInfo, 'empty.txt', ''));
    await expectRefused(page, 'CorpusError', 'empty.txt is empty.');
    expect(errors).toEqual([]);
  });

  test('a file with no usable sentences', async ({ page }, testInfo) => {
    await prepareFromFile(page, textFile(testInfo, 'short.txt', 'Ja.\nNein.\n\nOk.\n'));
    await expectRefused(
      page,
      'CorpusError',
      'The file has no usable sentences: 0 of 3 kept (3 shorter than 8 characters)',
    );
  });

  test('a CSV without the named column', async ({ page }, testInfo) => {
    await prepareFromFile(page, textFile(testInfo, 'rows.csv', 'id,en\n1,Hello there.\n'), {
      layout: 'csv',
      column: 'de',
    });
    await expectRefused(page, 'CorpusError', 'rows.csv has no column "de"; its columns are "id", "en".');
  });

  test('a Parquet file without the named column', async ({ page }, testInfo) => {
    const parquet = parquetWriteBuffer({
      columnData: [{ name: 'en', data: ['Hello there, friend.'], type: 'STRING' }],
    });
    await prepareFromFile(page, textFile(testInfo, 'rows.parquet', new Uint8Array(parquet)), {
      layout: 'parquet',
      column: 'translation.de',
    });
    await expectRefused(page, 'CorpusError', 'rows.parquet has no column "translation"; its columns are "en".');
  });

  test('a corpus in the wrong language', async ({ page }, testInfo) => {
    const english = Array.from({ length: 30 }, (_, i) => `The teacher reads book number ${i} in the garden today.`);
    await prepareFromFile(page, textFile(testInfo, 'english.txt', english.join('\n')));
    await expectRefused(
      page,
      'CorpusLanguageError',
      /The corpus looks like English \(0 of \d+ sampled sentences are German\)/,
    );
  });

  test('a storage quota too small for the job', async ({ page }, testInfo) => {
    // The browser's estimate, made tiny: the job's checkpoints alone need more.
    await page.addInitScript(() => {
      Object.defineProperty(navigator.storage, 'estimate', { value: async () => ({ usage: 0, quota: 1_000_000 }) });
    });
    await page.reload();
    await prepareFromFile(page, germanCorpusFile(testInfo, 20));
    await expectRefused(
      page,
      'ForgeQuotaError',
      /Not enough storage for this job: it needs about .* the browser allows 1\.0 MB more/,
    );
  });

  test('a base drafter whose vocabulary differs from the target’s', async ({ page }, testInfo) => {
    await importFixture(page, 'tiny-drafter-vocab-mismatch');
    await prepareFromFile(page, germanCorpusFile(testInfo, 20), { drafter: 'tiny-drafter-vocab-mismatch' });
    await expectRefused(
      page,
      'VocabularyMismatchError',
      'The base drafter has a 32016-token vocabulary but the target has 32000',
    );
  });
});
