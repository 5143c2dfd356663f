import { Tokenizer } from '@huggingface/tokenizers';
import { TandemError, TokenizerError } from '../errors.ts';
import { readJsonFile, type ModelSource } from './model-source.ts';

/**
 * The app's tokenizer: a Hugging Face tokenizer.json (+ tokenizer_config.json) run by
 * @huggingface/tokenizers, so Tandem tokenizes exactly as the models were trained.
 */
export interface TextTokenizer {
  /**
   * Token ids of text; addBos defaults to the config's add_bos_token (true for LLaMA). Special-token
   * strings in the text ("</s>") are encoded as plain characters, never as control tokens.
   */
  encode(text: string, options?: { addBos?: boolean }): number[];
  /** Text of ids, special tokens (<s>, </s>, <unk>) left out. Throws TokenizerError on an id outside the vocabulary. */
  decode(ids: readonly number[]): string;
  readonly vocabSize: number;
  readonly bosId: number;
  readonly eosId: number;
  /** Short stable hash of the vocabulary (id → token string): equal ids mean equal vocabularies. */
  readonly vocabId: string;
  /** One token as display text: "▁Hallo" → " Hallo", "<0x0A>" → "\n", "<0xE4>" stays "<0xE4>". */
  tokenText(id: number): string;
}

const TOKENIZER_FILE = 'tokenizer.json';
const CONFIG_FILE = 'tokenizer_config.json';
const SPACE_MARK = '\u2581'; // "▁", SentencePiece's visible space
const BYTE_TOKEN = /^<0x([0-9A-Fa-f]{2})>$/;

export async function loadTokenizer(source: ModelSource): Promise<TextTokenizer> {
  const json = await readTokenizerFile(source, TOKENIZER_FILE);
  const config = await readTokenizerFile(source, CONFIG_FILE);
  let tokenizer: Tokenizer;
  let textOnly: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
    textOnly = new Tokenizer(withoutSpecialTokenSplitting(json), config);
  } catch (error) {
    throw new TokenizerError(
      `${TOKENIZER_FILE} in ${source.description} is not a usable tokenizer: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return wrapTokenizer(tokenizer, textOnly, config, source.description);
}

/**
 * The same tokenizer, except that special-token strings typed in the text ("</s>", "<s>") are
 * tokenized as the characters they are, as SentencePiece does. Otherwise a user's "</s>" would
 * reach the model as a real end-of-sequence token: text must never become control tokens.
 */
function withoutSpecialTokenSplitting(json: Record<string, unknown>): Record<string, unknown> {
  const added = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  return { ...json, added_tokens: added.filter((t) => !(t as { special?: unknown }).special) };
}

async function readTokenizerFile(source: ModelSource, name: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = await readJsonFile(source, name);
  } catch (error) {
    const reason = error instanceof TandemError ? error.message : String(error);
    throw new TokenizerError(`cannot read ${name} from ${source.description}: ${reason}`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TokenizerError(`${name} in ${source.description} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function wrapTokenizer(
  tokenizer: Tokenizer,
  textOnly: Tokenizer,
  config: Record<string, unknown>,
  where: string,
): TextTokenizer {
  const tokens = tokensById(tokenizer, where);
  const bosId = specialTokenId(tokenizer, config, 'bos_token', where);
  const eosId = specialTokenId(tokenizer, config, 'eos_token', where);
  const addBosByDefault = config.add_bos_token !== false;
  const vocabId = vocabularyId(tokens);

  const checkId = (id: number): void => {
    if (!Number.isInteger(id) || id < 0 || id >= tokens.length) {
      throw new TokenizerError(`token id ${id} is outside the vocabulary of ${tokens.length} tokens (${where})`);
    }
  };

  return {
    vocabSize: tokens.length,
    bosId,
    eosId,
    vocabId,
    encode(text, options) {
      // BOS is added here rather than by the post-processor, so the config's add_bos_token is
      // honoured even for tokenizer.json files whose post-processor does not add it.
      const ids = textOnly.encode(text, { add_special_tokens: false }).ids;
      return (options?.addBos ?? addBosByDefault) ? [bosId, ...ids] : ids;
    },
    decode(ids) {
      ids.forEach(checkId);
      if (ids.length === 0) return ''; // the library rejects an empty list
      // No clean-up: its " ." → "." rewrites would make streamed and final text disagree.
      return tokenizer.decode([...ids], { skip_special_tokens: true, clean_up_tokenization_spaces: false });
    },
    tokenText(id) {
      checkId(id);
      return displayText(tokens[id]);
    },
  };
}

/** Token strings indexed by id, added tokens included; the ids must run 0..n-1 without gaps. */
function tokensById(tokenizer: Tokenizer, where: string): string[] {
  const tokens: string[] = [];
  for (const [token, id] of tokenizer.get_vocab(true)) tokens[id] = token;
  for (let id = 0; id < tokens.length; id++) {
    if (tokens[id] === undefined) {
      throw new TokenizerError(`${TOKENIZER_FILE} in ${where} has no token with id ${id}`);
    }
  }
  if (tokens.length === 0) throw new TokenizerError(`${TOKENIZER_FILE} in ${where} has an empty vocabulary`);
  return tokens;
}

/** bos_token / eos_token are a string or, in older configs, an AddedToken object {content}. */
function specialTokenId(tokenizer: Tokenizer, config: Record<string, unknown>, key: string, where: string): number {
  const value = config[key];
  const content =
    typeof value === 'string'
      ? value
      : typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string'
        ? (value as { content: string }).content
        : undefined;
  if (content === undefined) {
    throw new TokenizerError(`${CONFIG_FILE} in ${where} does not name a ${key}`);
  }
  const id = tokenizer.token_to_id(content);
  if (id === undefined) {
    throw new TokenizerError(`${key} "${content}" of ${CONFIG_FILE} is not in the vocabulary of ${where}`);
  }
  return id;
}

function displayText(token: string): string {
  const byte = BYTE_TOKEN.exec(token);
  if (byte) {
    const value = parseInt(byte[1], 16);
    // ASCII bytes are whole characters ("\n", "\t"); a lone byte ≥ 0x80 is only part of one.
    return value < 0x80 ? String.fromCharCode(value) : token;
  }
  return token.replaceAll(SPACE_MARK, ' ');
}

/**
 * 64-bit FNV-1a over "id\ttoken\0" for every id in order, as 16 hex digits. Exported so that an
 * engine holding its own token list can compute the same id and compare vocabularies.
 */
export function vocabularyId(tokens: readonly string[]): string {
  const encoder = new TextEncoder();
  // The 64-bit state as two 32-bit halves: cheaper than BigInt over ~300 KB of token text.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let id = 0; id < tokens.length; id++) {
    for (const byte of encoder.encode(`${id}\t${tokens[id]}\0`)) {
      lo = (lo ^ byte) >>> 0;
      // h *= 0x100000001b3 (mod 2^64) = h * 0x1b3 + (h << 40)
      const low = lo * 0x1b3;
      const carry = Math.floor(low / 0x1_0000_0000);
      hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
      lo = low >>> 0;
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Turns a growing list of generated ids into text chunks to append, for streaming output. */
export interface IncrementalDecoder {
  /** Adds newly generated ids; returns the text that became final with them (often ""). */
  push(ids: readonly number[]): string;
  /** Ends the stream: returns the text still held back (an unfinished character as U+FFFD). */
  flush(): string;
  /** All text returned so far. */
  readonly text: string;
}

/**
 * Decoding tokens one at a time and concatenating is wrong twice over: SentencePiece's leading
 * space is stripped from every piece, and a character split across byte-fallback tokens turns
 * into U+FFFD. So this decodes the whole list each time and emits only the new suffix, holding
 * back a trailing U+FFFD: the UTF-8 decoder writes one for bytes that may still be completed,
 * and everything before the last real character can no longer change. Re-decoding is cheap
 * (~0.2 ms for 1 024 tokens) next to a target forward pass.
 */
export function createIncrementalDecoder(tokenizer: TextTokenizer): IncrementalDecoder {
  const ids: number[] = [];
  let emitted = '';

  const emitUpTo = (full: string, end: number): string => {
    // The full text always extends what was emitted (see above), so emit only what is new.
    const chunk = end > emitted.length ? full.slice(emitted.length, end) : '';
    emitted += chunk;
    return chunk;
  };

  return {
    push(newIds) {
      const full = tokenizer.decode([...ids, ...newIds]);
      ids.push(...newIds);
      let end = full.length;
      while (end > 0 && full[end - 1] === '\uFFFD') end--;
      return emitUpTo(full, end);
    },
    flush() {
      const full = tokenizer.decode(ids);
      return emitUpTo(full, full.length);
    },
    get text() {
      return emitted;
    },
  };
}
