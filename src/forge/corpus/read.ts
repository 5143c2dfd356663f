import Papa from 'papaparse';
import { CorpusError } from '../errors.ts';
import { type CorpusFormat, formatField } from './formats.ts';
import { readPath } from './field-path.ts';
import { readParquetColumn } from './parquet.ts';

/**
 * A corpus file's source texts, in file order, before segmentation. A missing field or column is
 * an error that names it and lists what the file has; an empty file is an error too.
 */
export async function readCorpusTexts(bytes: Uint8Array, format: CorpusFormat, fileName: string): Promise<string[]> {
  if (bytes.byteLength === 0) throw new CorpusError(`${fileName} is empty.`);
  if (format.kind === 'parquet') return readParquetColumn(bytes, format.column, fileName);
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CorpusError(`${fileName} holds no text.`);
  switch (format.kind) {
    case 'text':
      return text.split(/\r?\n/);
    case 'jsonl':
      return readJsonLines(text, format.field, fileName);
    case 'csv':
    case 'tsv':
      return readDelimited(text, format.kind === 'tsv' ? '\t' : ',', format.column, fileName);
  }
}

function readJsonLines(text: string, field: string, fileName: string): string[] {
  const trimmed = text.trim();
  // A JSON array of rows is accepted too (json.dump of a list, as the paper's scripts write).
  const rows: unknown[] = trimmed.startsWith('[') ? parseArray(trimmed, fileName) : parseLines(trimmed, fileName);
  const values = rows.map((row) => readPath(row, field));
  if (!values.some((v) => typeof v === 'string')) {
    const keys = rows.length > 0 && rows[0] !== null && typeof rows[0] === 'object' ? Object.keys(rows[0]) : [];
    throw new CorpusError(
      `${fileName} has no text field "${field}"${keys.length > 0 ? `; its rows have ${keys.map((k) => `"${k}"`).join(', ')}` : ''}.`,
    );
  }
  return values.filter((v): v is string => typeof v === 'string');
}

function parseArray(text: string, fileName: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
  } catch (error) {
    throw new CorpusError(`${fileName} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  throw new CorpusError(`${fileName} is not a JSON array of rows.`);
}

function parseLines(text: string, fileName: string): unknown[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new CorpusError(`${fileName}, line ${index + 1}, is not JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    });
}

function readDelimited(text: string, delimiter: string, column: string, fileName: string): string[] {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter, skipEmptyLines: true });
  const fields = parsed.meta.fields ?? [];
  if (!fields.includes(column)) {
    throw new CorpusError(
      `${fileName} has no column "${column}"; its columns are ${fields.map((f) => `"${f}"`).join(', ') || 'none'}.`,
    );
  }
  return parsed.data.map((row) => row[column] ?? '');
}

/** The field a format reads, in words ("column \"de\""), for messages. */
export function describeSource(format: CorpusFormat): string {
  const field = formatField(format);
  if (field === null) return 'one sentence per line';
  return format.kind === 'jsonl' ? `field "${field}"` : `column "${field}"`;
}
