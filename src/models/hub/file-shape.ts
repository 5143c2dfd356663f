import { ModelFileShapeError } from './errors.ts';

/**
 * Is a downloaded or picked file what its name says? Checked before a model is listed as added, so
 * that a web page saved as model.safetensors (a login page, a "not found" page sent with 200, HTML
 * sent as text/plain) is refused now, by name, rather than failing later at load.
 *  - *.safetensors: an 8-byte little-endian header length, then that many bytes of a JSON object;
 *  - *.json: parses as a JSON object;
 *  - *.onnx: a protobuf ModelProto, whose first field is ir_version (byte 0x08);
 *  - tokenizer.model: a protobuf ModelProto, whose first field is a piece (byte 0x0a).
 * Other files pass. Only the first bytes of a large file are read.
 */

const MAX_HEADER_BYTES = 100_000_000;

export async function checkFileShape(name: string, file: Blob, where: string): Promise<void> {
  const base = name.split('/').pop() ?? name;
  if (base.endsWith('.safetensors')) return checkSafetensors(name, file, where);
  if (base.endsWith('.json')) return checkJson(name, file, where);
  if (base.endsWith('.onnx')) return checkFirstByte(name, file, where, 0x08, 'an ONNX model');
  if (base === 'tokenizer.model') return checkFirstByte(name, file, where, 0x0a, 'a SentencePiece model');
}

async function head(file: Blob, bytes: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, bytes).arrayBuffer());
}

/** "a web page (it starts with “<!doctype html>”)" when the bytes look like markup, else null. */
function webPage(start: Uint8Array): string | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(start.subarray(0, 64)).trimStart();
  if (!/^<(!doctype|html|head|body|\?xml|!--)/i.test(text)) return null;
  return `a web page (it starts with “${text.slice(0, 15)}”)`;
}

function refuse(name: string, where: string, what: string, found: string): never {
  throw new ModelFileShapeError(
    `${name} from ${where} is not ${what}: it is ${found}. The server sent something else where the file should be; check the address (on Hugging Face, files download from …/resolve/main/).`,
  );
}

async function checkSafetensors(name: string, file: Blob, where: string): Promise<void> {
  const start = await head(file, 64);
  const page = webPage(start);
  if (page) refuse(name, where, 'a safetensors file', page);
  if (file.size < 8) refuse(name, where, 'a safetensors file', `only ${file.size} bytes long`);
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  const length = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (length < 2 || length > MAX_HEADER_BYTES || 8 + length > file.size) {
    refuse(name, where, 'a safetensors file', `a file whose first 8 bytes give a header length of ${length}`);
  }
  const header = new TextDecoder().decode(await file.slice(8, 8 + length).arrayBuffer());
  if (!isJsonObject(header)) refuse(name, where, 'a safetensors file', 'a file whose header is not a JSON object');
}

async function checkJson(name: string, file: Blob, where: string): Promise<void> {
  const page = webPage(await head(file, 64));
  if (page) refuse(name, where, 'JSON', page);
  if (!isJsonObject(await file.text())) refuse(name, where, 'JSON', 'not a JSON object');
}

async function checkFirstByte(name: string, file: Blob, where: string, byte: number, what: string): Promise<void> {
  const start = await head(file, 64);
  const page = webPage(start);
  if (page) refuse(name, where, what, page);
  if (start[0] !== byte) refuse(name, where, what, `a file that does not start as ${what} does`);
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A response's Content-Type says HTML for a file that is not a page: refused before any byte is kept. */
export function refuseHtmlResponse(response: Response, name: string, where: string): void {
  const type = response.headers.get('content-type') ?? '';
  if (/^text\/html\b/i.test(type) && !/\.html?$/i.test(name)) {
    throw new ModelFileShapeError(
      `${name} from ${where} is not a model file: the server answered with a web page (Content-Type ${type}). Check the address (on Hugging Face, files download from …/resolve/main/).`,
    );
  }
}
