import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors.ts';
import { corpusFormat, guessFormatKind } from './formats.ts';
import { readCorpusTexts } from './read.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('reading a corpus file', () => {
  it('reads plain text line by line, JSONL by a (dotted) field, CSV and TSV by a column', async () => {
    expect(await readCorpusTexts(bytes('Eins.\r\nZwei.\n'), { kind: 'text' }, 'a.txt')).toEqual(['Eins.', 'Zwei.', '']);
    const jsonl = '{"translation":{"de":"Hallo Welt.","en":"Hello world."}}\n\n{"translation":{"de":"Guten Tag."}}\n';
    expect(await readCorpusTexts(bytes(jsonl), corpusFormat('jsonl', 'translation.de'), 'a.jsonl')).toEqual([
      'Hallo Welt.',
      'Guten Tag.',
    ]);
    const csv = 'id,de\n1,"Ein Satz, mit Komma."\n2,Noch einer.\n';
    expect(await readCorpusTexts(bytes(csv), corpusFormat('csv', 'de'), 'a.csv')).toEqual([
      'Ein Satz, mit Komma.',
      'Noch einer.',
    ]);
    expect(await readCorpusTexts(bytes('de\ten\nHallo.\tHello.\n'), corpusFormat('tsv', 'de'), 'a.tsv')).toEqual([
      'Hallo.',
    ]);
  });

  it('reads a Parquet column, inside a struct too', async () => {
    const file = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: [1, 2], type: 'INT32' },
        { name: 'de', data: ['Erster Satz.', 'Zweiter Satz.'], type: 'STRING' },
      ],
    });
    expect(await readCorpusTexts(new Uint8Array(file), corpusFormat('parquet', 'de'), 'a.parquet')).toEqual([
      'Erster Satz.',
      'Zweiter Satz.',
    ]);
  });

  it('says which column or field is missing and what the file has', async () => {
    await expect(readCorpusTexts(bytes('id,en\n1,x\n'), corpusFormat('csv', 'de'), 'a.csv')).rejects.toThrow(
      'a.csv has no column "de"; its columns are "id", "en".',
    );
    await expect(readCorpusTexts(bytes('{"en":"x"}\n'), corpusFormat('jsonl', 'de'), 'a.jsonl')).rejects.toThrow(
      'a.jsonl has no text field "de"; its rows have "en".',
    );
    const file = parquetWriteBuffer({ columnData: [{ name: 'en', data: ['x'], type: 'STRING' }] });
    await expect(readCorpusTexts(new Uint8Array(file), corpusFormat('parquet', 'de'), 'a.parquet')).rejects.toThrow(
      'a.parquet has no column "de"; its columns are "en".',
    );
  });

  it('refuses an empty file, a blank one, broken JSON and a non-Parquet file with CorpusError', async () => {
    for (const [content, format, message] of [
      ['', { kind: 'text' }, 'x is empty.'],
      ['  \n \n', { kind: 'text' }, 'x holds no text.'],
      ['{"de": 1', corpusFormat('jsonl', 'de'), 'x, line 1, is not JSON'],
      ['not parquet', corpusFormat('parquet', 'de'), 'x is not a Parquet file'],
    ] as const) {
      const error = await readCorpusTexts(bytes(content), format, 'x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorpusError);
      expect((error as Error).message).toContain(message);
    }
  });

  it('guesses the format from the file name and insists on a field name', () => {
    expect(['a.txt', 'b.JSONL', 'c.csv', 'd.tsv', 'e.parquet?download=true'].map(guessFormatKind)).toEqual([
      'text',
      'jsonl',
      'csv',
      'tsv',
      'parquet',
    ]);
    expect(() => corpusFormat('csv', ' ')).toThrow('name the column');
  });
});
