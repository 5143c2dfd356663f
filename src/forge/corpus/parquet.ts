import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { CorpusError } from '../errors.ts';
import { readPath } from './field-path.ts';

/**
 * One text column of a Parquet file, read with hyparquet (snappy pages included). A dotted name
 * reads inside a struct column: Hugging Face's WMT files keep `translation: {de, en}`, so
 * "translation.de" is the German side.
 */
export async function readParquetColumn(bytes: Uint8Array, column: string, fileName: string): Promise<string[]> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: ReturnType<typeof parquetMetadata>;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    throw new CorpusError(`${fileName} is not a Parquet file: ${(error as Error).message}`, { cause: error });
  }
  const top = parquetSchema(metadata).children.map((child) => child.element.name);
  const [head] = column.split('.');
  if (!top.includes(head!)) {
    throw new CorpusError(
      `${fileName} has no column "${head}"; its columns are ${top.map((c) => `"${c}"`).join(', ') || 'none'}.`,
    );
  }
  const rows = await parquetReadObjects({ file, metadata, columns: [head!] });
  const values = rows.map((row) => readPath(row, column));
  if (!values.some((v) => typeof v === 'string')) {
    throw new CorpusError(`${fileName}: column "${column}" holds no text.`);
  }
  return values.filter((v): v is string => typeof v === 'string');
}
