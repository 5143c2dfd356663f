import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { encodeSentencePieceModel, llamaPieceType, readSentencePieces } from './sentencepiece.ts';
import { loadTokenizer, vocabularyId } from './tokenizer.ts';

describe('SentencePiece tokenizer.model', () => {
  it('reads back the pieces written from the LLaMA vocabulary, whose id equals the tokenizer’s', async () => {
    const tokenizer = await loadTokenizer(nodeFolderSource('public/models/tiny-drafter'));
    const json = JSON.parse(readFileSync('public/models/tiny-drafter/tokenizer.json', 'utf8')) as {
      model: { vocab: Record<string, number> };
    };
    const tokens: string[] = [];
    for (const [token, id] of Object.entries(json.model.vocab)) tokens[id] = token;
    const model = encodeSentencePieceModel(
      tokens.map((piece, id) => ({ piece, score: -id, type: llamaPieceType(piece, id) })),
    );
    const pieces = readSentencePieces(model, 'tokenizer.model');
    expect(pieces).toHaveLength(32000);
    expect(pieces[1]).toEqual({ piece: '<s>', score: -1, type: 3 });
    expect(pieces[13]).toMatchObject({ piece: '<0x0A>', type: 6 });
    expect(vocabularyId(pieces.map((p) => p.piece))).toBe(tokenizer.vocabId);
  });

  it('refuses bytes that are not a SentencePiece model', () => {
    expect(() => readSentencePieces(new TextEncoder().encode('<!doctype html>'), 'tokenizer.model')).toThrow(
      TokenizerError,
    );
  });
});
