import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import llamaTokenizer from 'llama-tokenizer-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLlamaTokenizerConfig,
  buildLlamaTokenizerJson,
  writeTokenizerFiles,
} from '../../scripts/fixtures/tokenizer-json.ts';
import { TokenizerError } from '../errors.ts';
import { nodeFolderSource } from '../../scripts/lib/node-folder-source.ts';
import { translationPrompt } from './prompt.ts';
import { TEST_PROMPTS } from './testing/test-prompts.ts';
import { createIncrementalDecoder, loadTokenizer, vocabularyId, type TextTokenizer } from './tokenizer.ts';

let dir: string;
let tokenizer: TextTokenizer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-tokenizer-'));
  await writeTokenizerFiles(join(dir, 'llama'));
  tokenizer = await loadTokenizer(nodeFolderSource(join(dir, 'llama')));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** llama-tokenizer-js's own test cases (test-llama-tokenizer.js → defaultTests), with its ids. */
const LLAMA_TOKENIZER_JS_CASES: Array<[string, number[]]> = [
  ['grabbed', [1, 2646, 1327, 287]],
  [' grabbed', [1, 29871, 2646, 1327, 287]],
  ['           grabbed', [1, 9651, 2646, 1327, 287]],
  ['\n', [1, 29871, 13]],
  [' \n', [1, 259, 13]],
  ['\ttabs\t\t\t\tout here', [1, 29871, 12, 21175, 12, 12, 12, 12, 449, 1244]],
  ['ax\n####\nboo', [1, 4853, 13, 4136, 13, 833, 29877]],
  ['镇', [1, 29871, 30411]],
  ['🦙', [1, 29871, 243, 162, 169, 156]],
  ['🦙Ꙋ', [1, 29871, 243, 162, 169, 156, 237, 156, 141]],
  ['Ꙋ🦙', [1, 29871, 237, 156, 141, 243, 162, 169, 156]],
];

const LLAMA_PARAGRAPH =
  'The llama (/ˈlɑːmə/; 🦙Spanish pronunciation: [ˈʎama]) (Lama glama) is a domesticated South American camelid, ' +
  'widely used as a meat and pack animal by Andean cultures since the Pre-Columbian era. Llamas can carry about ' +
  '25 to 30% of their body weight for 8 to 13 km (5–8 miles).[3] As of 2007, there were over seven million llamas ' +
  'and 100,000Ꙋ🦙 alpacas.';

/** Short Spec-Bench sources, one pair per set, plus the hard cases of SentencePiece. */
const MULTILINGUAL_CASES = [
  'Die Krise ist vorüber.',
  'Obama empfängt Netanyahu',
  'Un festin pour ses fans',
  'Une boîte noire dans votre voiture ?',
  'Кризис пройден.',
  'Ламб вырос в тех краях.',
  '交流会の参加は任意です。',
  '審査基準は、以下のとおりです。',
  '还有什么神圣的东西？',
  '民权团体针对密苏里州发出旅行警告',
  'Emoji: 👍🏽 😀 🇩🇪 and a rare Han character 龘 and 𝔘.',
  '  two leading spaces, then   three inside  ',
  'Zeile eins\nZeile zwei\n\n\tEingerückt',
  ' ',
  '\u00a0non-breaking\u200bzero-width',
  LLAMA_PARAGRAPH,
];

describe('the rebuilt LLaMA tokenizer.json', () => {
  it('has the LLaMA-2 layout: BPE with byte fallback, 32 000 tokens, merges best first', () => {
    const json = buildLlamaTokenizerJson() as {
      model: {
        type: string;
        byte_fallback: boolean;
        fuse_unk: boolean;
        vocab: Record<string, number>;
        merges: string[];
      };
      added_tokens: Array<{ id: number; content: string; special: boolean }>;
    };
    expect(json.model.type).toBe('BPE');
    expect(json.model.byte_fallback).toBe(true);
    expect(json.model.fuse_unk).toBe(true);
    expect(Object.keys(json.model.vocab)).toHaveLength(32_000);
    expect([json.model.vocab['<unk>'], json.model.vocab['<s>'], json.model.vocab['</s>']]).toEqual([0, 1, 2]);
    expect([json.model.vocab['<0x00>'], json.model.vocab['<0x0A>'], json.model.vocab['<0xFF>']]).toEqual([3, 13, 258]);
    expect(json.model.merges).toHaveLength(61_249);
    expect(json.model.merges.slice(0, 4)).toEqual(['▁ t', 'e r', 'i n', '▁ a']);
    expect(json.added_tokens.map((t) => [t.id, t.content, t.special])).toEqual([
      [0, '<unk>', true],
      [1, '<s>', true],
      [2, '</s>', true],
    ]);
  });

  it('is written byte-for-byte the same every run, vocabulary in id order', async () => {
    await writeTokenizerFiles(join(dir, 'again'));
    for (const name of ['tokenizer.json', 'tokenizer_config.json']) {
      const first = await readFile(join(dir, 'llama', name));
      const second = await readFile(join(dir, 'again', name));
      expect(first.equals(second)).toBe(true);
    }
    const text = await readFile(join(dir, 'llama', 'tokenizer.json'), 'utf8');
    expect(text.indexOf('"<0xFF>": 258')).toBeLessThan(text.indexOf('"0": 29900'));
  });

  it("adds <s> through its own post-processor when the library's defaults are used", async () => {
    const text = await readFile(join(dir, 'llama', 'tokenizer.json'), 'utf8');
    const raw = new Tokenizer(JSON.parse(text), buildLlamaTokenizerConfig());
    expect(raw.encode('grabbed').ids).toEqual([1, 2646, 1327, 287]);
  });
});

describe('loadTokenizer', () => {
  it('reads the special ids and the vocabulary size', () => {
    expect(tokenizer.vocabSize).toBe(32_000);
    expect(tokenizer.bosId).toBe(1);
    expect(tokenizer.eosId).toBe(2);
    expect(tokenizer.vocabId).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenizer.vocabId).toBe(vocabularyId(llamaTokenizer.vocabById));
  });

  it.each(LLAMA_TOKENIZER_JS_CASES)('encodes %j to the ids llama-tokenizer-js expects', (text, ids) => {
    expect(tokenizer.encode(text)).toEqual(ids);
    expect(tokenizer.decode(ids)).toBe(text);
  });

  it.each(MULTILINGUAL_CASES)('encodes %j exactly as llama-tokenizer-js does and decodes it back', (text) => {
    const ids = tokenizer.encode(text);
    expect(ids).toEqual(llamaTokenizer.encode(text));
    expect(tokenizer.decode(ids)).toBe(text);
  });

  it('matches llama-tokenizer-js on every test prompt, alone and in the translation prompt, and decodes it back', () => {
    for (const { id, text, from, to } of TEST_PROMPTS) {
      const ids = tokenizer.encode(text);
      expect(ids, id).toEqual(llamaTokenizer.encode(text));
      expect(tokenizer.decode(ids), id).toBe(text);
      const prompt = translationPrompt(text, from, to);
      expect(tokenizer.encode(prompt), id).toEqual(llamaTokenizer.encode(prompt));
    }
    expect(TEST_PROMPTS.length).toBeGreaterThanOrEqual(50);
  });

  it('encodes special-token strings in the text as characters, never as control tokens', () => {
    for (const text of ['Ende </s> hier', '<s>Hallo</s>', 'a <unk> b']) {
      const ids = tokenizer.encode(text, { addBos: false });
      expect(ids, text).not.toContain(tokenizer.eosId);
      expect(ids, text).not.toContain(tokenizer.bosId);
      expect(ids, text).toEqual(llamaTokenizer.encode(text, false));
      expect(tokenizer.decode(ids), text).toBe(text);
    }
  });

  it('adds BOS by default and only then', () => {
    expect(tokenizer.encode('Hallo Welt')).toEqual([1, 8142, 417, 7633]);
    expect(tokenizer.encode('Hallo Welt', { addBos: false })).toEqual([8142, 417, 7633]);
    expect(tokenizer.encode('Hallo Welt', { addBos: true })).toEqual([1, 8142, 417, 7633]);
    expect(tokenizer.encode('')).toEqual([1]);
    expect(tokenizer.encode('', { addBos: false })).toEqual([]);
  });

  it('decodes without special tokens and rejects ids outside the vocabulary', () => {
    expect(tokenizer.decode([1, 8142, 417, 7633, 2])).toBe('Hallo Welt');
    expect(tokenizer.decode([])).toBe('');
    expect(() => tokenizer.decode([8142, 32_000])).toThrow(TokenizerError);
    expect(() => tokenizer.decode([-1])).toThrow(TokenizerError);
    expect(() => tokenizer.decode([1.5])).toThrow(TokenizerError);
  });

  it('renders single tokens for display', () => {
    expect(tokenizer.tokenText(8142)).toBe(' Hal'); // "▁Hal"
    expect(tokenizer.tokenText(417)).toBe('lo');
    expect(tokenizer.tokenText(29871)).toBe(' ');
    expect(tokenizer.tokenText(13)).toBe('\n'); // <0x0A>
    expect(tokenizer.tokenText(243)).toBe('<0xF0>'); // first byte of 🦙: not a character alone
    expect(tokenizer.tokenText(1)).toBe('<s>');
    expect(() => tokenizer.tokenText(40_000)).toThrow(TokenizerError);
  });
});

describe('loadTokenizer errors', () => {
  async function folderWith(name: string, files: Record<string, string>): Promise<string> {
    const folder = join(dir, name);
    await writeTokenizerFiles(folder);
    for (const [file, text] of Object.entries(files)) await writeFile(join(folder, file), text);
    return folder;
  }

  it('names the file and the folder when tokenizer.json is missing', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    const attempt = loadTokenizer(nodeFolderSource(empty));
    await expect(attempt).rejects.toThrow(TokenizerError);
    await expect(attempt).rejects.toThrow(/tokenizer\.json/);
    await expect(attempt).rejects.toThrow(empty);
  });

  it('names the file when tokenizer_config.json is missing', async () => {
    const folder = await folderWith('no-config', {});
    await rm(join(folder, 'tokenizer_config.json'));
    await expect(loadTokenizer(nodeFolderSource(folder))).rejects.toThrow(/tokenizer_config\.json.*no-config/);
  });

  it('rejects malformed JSON and a tokenizer.json without a model', async () => {
    const broken = await folderWith('broken', { 'tokenizer.json': '{"model": ' });
    await expect(loadTokenizer(nodeFolderSource(broken))).rejects.toThrow(TokenizerError);
    const noModel = await folderWith('no-model', { 'tokenizer.json': '{"version": "1.0"}' });
    await expect(loadTokenizer(nodeFolderSource(noModel))).rejects.toThrow(/tokenizer\.json.*no-model/);
  });

  it('rejects a config whose eos_token is not in the vocabulary', async () => {
    const config = { ...buildLlamaTokenizerConfig(), eos_token: '<|end|>' };
    const folder = await folderWith('bad-eos', { 'tokenizer_config.json': JSON.stringify(config) });
    await expect(loadTokenizer(nodeFolderSource(folder))).rejects.toThrow(/eos_token "<\|end\|>"/);
  });
});

describe('vocabId', () => {
  type Json = { model: { vocab: Record<string, number>; merges: string[] } };

  it('changes when one token changes and ignores the merges', async () => {
    const renamed = buildLlamaTokenizerJson() as Json;
    const id = renamed.model.vocab['▁Welt'];
    delete renamed.model.vocab['▁Welt'];
    renamed.model.vocab['▁Tandemzzz'] = id; // a string the vocabulary lacks
    const fewerMerges = buildLlamaTokenizerJson() as Json;
    fewerMerges.model.merges = fewerMerges.model.merges.slice(0, 1000);

    const load = async (name: string, json: Json): Promise<TextTokenizer> => {
      const folder = join(dir, name);
      await writeTokenizerFiles(folder);
      await writeFile(join(folder, 'tokenizer.json'), JSON.stringify(json));
      return loadTokenizer(nodeFolderSource(folder));
    };
    expect((await load('renamed', renamed)).vocabId).not.toBe(tokenizer.vocabId);
    expect((await load('fewer-merges', fewerMerges)).vocabId).toBe(tokenizer.vocabId);
  });
});

describe('createIncrementalDecoder', () => {
  /** Feeds ids in chunks of `step`, as the speculative loop emits them; returns the chunks. */
  function stream(ids: number[], step: number): string[] {
    const decoder = createIncrementalDecoder(tokenizer);
    const chunks: string[] = [];
    for (let i = 0; i < ids.length; i += step) chunks.push(decoder.push(ids.slice(i, i + step)));
    chunks.push(decoder.flush());
    expect(decoder.text).toBe(chunks.join(''));
    return chunks;
  }

  it.each(MULTILINGUAL_CASES.concat(LLAMA_TOKENIZER_JS_CASES.map(([text]) => text)))(
    'streams %j to the same text as a full decode, without U+FFFD',
    (text) => {
      const ids = tokenizer.encode(text, { addBos: false });
      for (const step of [1, 2, 3, 5]) {
        const chunks = stream(ids, step);
        expect(chunks.join('')).toBe(tokenizer.decode(ids));
        expect(chunks.join('')).toBe(text);
        for (const chunk of chunks) expect(chunk).not.toContain('\uFFFD');
      }
    },
  );

  it('holds back the bytes of an unfinished character and keeps the leading spaces', () => {
    const decoder = createIncrementalDecoder(tokenizer);
    expect(decoder.push([8142, 417])).toBe('Hallo'); // first piece: its "▁" is the prompt's separator
    expect(decoder.push([29871, 243, 162])).toBe(' '); // " " then two of 🦙's four bytes
    expect(decoder.push([169])).toBe('');
    expect(decoder.push([156])).toBe('🦙');
    expect(decoder.push([7633])).toBe(' Welt');
    expect(decoder.flush()).toBe('');
    expect(decoder.text).toBe('Hallo 🦙 Welt');
  });

  it('shows why token-by-token decoding is wrong', () => {
    const ids = tokenizer.encode('Hallo Welt 🦙', { addBos: false });
    const naive = ids.map((id) => tokenizer.decode([id])).join('');
    expect(naive).not.toBe('Hallo Welt 🦙');
    expect(stream(ids, 1).join('')).toBe('Hallo Welt 🦙');
  });

  it('passes through bytes that can never form a character', () => {
    const ids = [231, 278, 0xf0 + 3]; // <0xE4> "▁the" <0xF0>: a cut-off character, then one left open
    const full = tokenizer.decode(ids);
    expect(full).toBe('\uFFFD the\uFFFD');
    const decoder = createIncrementalDecoder(tokenizer);
    expect(decoder.push(ids)).toBe('\uFFFD the');
    expect(decoder.flush()).toBe('\uFFFD');
  });
});
