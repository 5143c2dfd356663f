import { TokenizerError } from '../errors.ts';

/**
 * The vocabulary of a SentencePiece tokenizer.model (a protobuf ModelProto): the pieces in id
 * order. A drafter whose repository ships only tokenizer.model uses the target's tokenizer, after
 * its pieces are compared with the target's vocabulary (vocabularyId over both lists). Only the
 * fields needed are read: ModelProto.pieces (1) → SentencePiece.piece (1), score (2), type (3).
 */

export interface SentencePiece {
  piece: string;
  score: number;
  /** 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte. */
  type: number;
}

// ignoreBOM: LLaMA's vocabulary has a piece that is exactly U+FEFF, which a default decoder drops.
const PIECE_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

class ProtoReader {
  at = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly where: string,
  ) {}
  get done(): boolean {
    return this.at >= this.bytes.byteLength;
  }
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      if (this.done) throw new TokenizerError(`${this.where} ends inside a number: not a SentencePiece model`);
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new TokenizerError(`${this.where} has a malformed number: not a SentencePiece model`);
  }
  slice(length: number): Uint8Array {
    if (this.at + length > this.bytes.byteLength)
      throw new TokenizerError(`${this.where} ends inside a field: not a SentencePiece model`);
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }
  /** Skips a field's value of the given wire type. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.slice(8);
    else if (wireType === 2) this.slice(this.varint());
    else if (wireType === 5) this.slice(4);
    else throw new TokenizerError(`${this.where} has wire type ${wireType}: not a SentencePiece model`);
  }
}

function readPiece(bytes: Uint8Array, where: string): SentencePiece {
  const reader = new ProtoReader(bytes, where);
  const out: SentencePiece = { piece: '', score: 0, type: 1 };
  while (!reader.done) {
    const key = reader.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 1 && wire === 2) out.piece = PIECE_DECODER.decode(reader.slice(reader.varint()));
    else if (field === 2 && wire === 5) out.score = new DataView(reader.slice(4).slice().buffer).getFloat32(0, true);
    else if (field === 3 && wire === 0) out.type = reader.varint();
    else reader.skip(wire);
  }
  return out;
}

export function readSentencePieces(bytes: Uint8Array, where: string): SentencePiece[] {
  const reader = new ProtoReader(bytes, where);
  const pieces: SentencePiece[] = [];
  while (!reader.done) {
    const key = reader.varint();
    if (key === (1 << 3) + 2) pieces.push(readPiece(reader.slice(reader.varint()), where));
    else reader.skip(key % 8);
  }
  if (pieces.length === 0) throw new TokenizerError(`${where} holds no pieces: not a SentencePiece model`);
  return pieces;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** Writes a tokenizer.model with only the pieces (what fixtures and tests need). */
export function encodeSentencePieceModel(pieces: readonly SentencePiece[]): Uint8Array {
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (const { piece, score, type } of pieces) {
    const text = encoder.encode(piece);
    const scoreBytes = new Uint8Array(4);
    new DataView(scoreBytes.buffer).setFloat32(0, score, true);
    const body = [0x0a, ...varint(text.length), ...text, 0x15, ...scoreBytes, 0x18, ...varint(type)];
    out.push(0x0a, ...varint(body.length), ...body);
  }
  return Uint8Array.from(out);
}

/** The piece type of a LLaMA token string, as SentencePiece marks it. */
export function llamaPieceType(piece: string, id: number): number {
  if (id === 0) return 2;
  if (piece === '<s>' || piece === '</s>') return 3;
  return /^<0x[0-9A-F]{2}>$/.test(piece) ? 6 : 1;
}
