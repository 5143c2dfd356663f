import { InvalidArgumentError } from '../../errors.ts';

/**
 * How a corpus file is laid out. The user names the field or column; plain text is one sentence
 * (or paragraph, segmented later) per line.
 */
export type CorpusFormat =
  | { kind: 'text' }
  | { kind: 'jsonl'; field: string }
  | { kind: 'csv'; column: string }
  | { kind: 'tsv'; column: string }
  | { kind: 'parquet'; column: string };

export type CorpusFormatKind = CorpusFormat['kind'];

export const CORPUS_FORMAT_KINDS: readonly CorpusFormatKind[] = ['text', 'jsonl', 'csv', 'tsv', 'parquet'];

/** The format a file name suggests (the user may change it); plain text when nothing matches. */
export function guessFormatKind(fileName: string): CorpusFormatKind {
  const name = fileName.toLowerCase().replace(/[?#].*$/, '');
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson') || name.endsWith('.json')) return 'jsonl';
  if (name.endsWith('.tsv')) return 'tsv';
  if (name.endsWith('.csv')) return 'csv';
  return 'text';
}

/** A format from its kind and the named field or column (required for all but plain text). */
export function corpusFormat(kind: CorpusFormatKind, fieldOrColumn = ''): CorpusFormat {
  if (kind === 'text') return { kind };
  const name = fieldOrColumn.trim();
  if (name === '') {
    const what = kind === 'jsonl' ? 'field' : 'column';
    throw new InvalidArgumentError(`name the ${what} that holds the source sentences`);
  }
  return kind === 'jsonl' ? { kind, field: name } : { kind, column: name };
}

/** The field or column a format reads, or null for plain text. */
export function formatField(format: CorpusFormat): string | null {
  switch (format.kind) {
    case 'text':
      return null;
    case 'jsonl':
      return format.field;
    default:
      return format.column;
  }
}
