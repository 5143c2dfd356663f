import { InvalidArgumentError } from '../errors.ts';
import type { SourceSegment } from './segment.ts';

/**
 * Makes every segment short enough for its prompt and its output budget to fit the model's
 * context: a segment over `maxTokens` is split at clause boundaries (, ; : 、 ，), then at word
 * boundaries, then between characters, whichever is the first that fits, measured in tokens of
 * the model's own tokenizer. The pieces are packed back together as long as they fit, so a long
 * sentence becomes as few prompts as its length needs. Pieces after the first are laid out with a
 * space before them (one English sentence, translated in parts).
 */

export interface FitOptions {
  /** Tokens the text takes inside its prompt (the model's tokenizer, no BOS). */
  countTokens(text: string): number;
  /** Most tokens one segment's text may take. */
  maxTokens: number;
  /** BCP 47 tag of the source, for word boundaries (Japanese and Chinese words have no spaces). */
  language?: string;
}

export function fitSegments(segments: readonly SourceSegment[], fit: FitOptions): SourceSegment[] {
  if (!Number.isInteger(fit.maxTokens) || fit.maxTokens < 1)
    throw new InvalidArgumentError(`maxTokens must be an integer ≥ 1, got ${fit.maxTokens}`);
  // Words repeat: each distinct piece is tokenized once.
  const counted = new Map<string, number>();
  const countTokens = (text: string): number => {
    let tokens = counted.get(text);
    if (tokens === undefined) counted.set(text, (tokens = fit.countTokens(text)));
    return tokens;
  };
  const options = { ...fit, countTokens };
  return segments.flatMap((segment) => {
    if (fits(segment.text, options)) return [segment];
    return splitToFit(segment.text, 0, options).map((text, index) => ({
      text,
      paragraph: segment.paragraph,
      before: index === 0 ? segment.before : ' ',
    }));
  });
}

type Splitter = (text: string, language: string | undefined) => string[];

/** After clause punctuation (Latin and CJK); the punctuation and the spaces after it stay with the clause. */
const CLAUSE = /[^,;:、，；：]+(?:[,;:、，；：]+\s*|$)|[,;:、，；：]+\s*/gu;

const LEVELS: readonly Splitter[] = [
  (text) => text.match(CLAUSE) ?? [text],
  (text, language) => (text.match(/\S+\s*|\s+/gu) ?? [text]).flatMap((run) => dictionaryWords(run, language)),
  (text) => segmentInWindows(text, 'grapheme', undefined).map((s) => s.segment),
];

/** Split `text` at LEVELS[level] (finer levels for pieces that are still too long), then pack. */
function splitToFit(text: string, level: number, options: FitOptions): string[] {
  if (level >= LEVELS.length) return halve(text, options);
  const pieces = LEVELS[level](text, options.language).filter((piece) => piece !== '');
  if (pieces.length <= 1) return splitToFit(text, level + 1, options);
  const chunks: string[] = [];
  let current = '';
  let currentTokens = 0;
  const flush = (): void => {
    if (current.trim() !== '') chunks.push(current.trim());
    current = '';
    currentTokens = 0;
  };
  for (const piece of pieces) {
    const tokens = piece.trim() === '' ? 0 : tokensOf(piece, options);
    if (tokens > options.maxTokens) {
      flush();
      chunks.push(...splitToFit(piece.trim(), level + 1, options));
      continue;
    }
    if (currentTokens + tokens > options.maxTokens) flush();
    current += piece;
    currentTokens += tokens;
  }
  flush();
  // The parts' sum bounds the whole in practice (each part counted alone pays for its own leading
  // space); where a join did not, that chunk is split again, finer.
  return chunks.flatMap((chunk) =>
    options.countTokens(chunk) <= options.maxTokens ? [chunk] : splitToFit(chunk, level + 1, options),
  );
}

/**
 * A run without spaces split into words where the script has no spaces between them (Japanese,
 * Chinese, Thai); a run with a space in it, or of one word, stays whole. The words keep the
 * punctuation after them, so the pieces rejoin to the run.
 */
function dictionaryWords(run: string, language: string | undefined): string[] {
  if (!WITHOUT_SPACES.test(run)) return [run];
  const pieces: string[] = [];
  for (const { segment, isWordLike } of segmentInWindows(run, 'word', language)) {
    if (isWordLike || pieces.length === 0) pieces.push(segment);
    else pieces[pieces.length - 1] += segment;
  }
  return pieces;
}

/** Scripts written without spaces between words. */
const WITHOUT_SPACES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Intl.Segmenter's iteration slows quadratically with the text's length in V8: feed it windows. */
const WINDOW = 1024;

function segmentInWindows(
  text: string,
  granularity: 'word' | 'grapheme',
  language: string | undefined,
): Intl.SegmentData[] {
  const segmenter = new Intl.Segmenter(language, { granularity });
  const segments: Intl.SegmentData[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + WINDOW);
    if (end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end -= 1; // never between a surrogate pair
    segments.push(...segmenter.segment(text.slice(start, end)));
    start = end;
  }
  return segments;
}

/** The last resort below single characters (never reached with a sane budget): halves until each fits. */
function halve(text: string, options: FitOptions): string[] {
  const graphemes = LEVELS[2](text, undefined);
  if (graphemes.length <= 1) {
    throw new InvalidArgumentError(
      `one character takes ${options.countTokens(text)} tokens, more than the ${options.maxTokens} a prompt has room for`,
    );
  }
  const middle = Math.ceil(graphemes.length / 2);
  return [graphemes.slice(0, middle).join(''), graphemes.slice(middle).join('')].flatMap((half) =>
    fits(half, options) ? [half.trim()] : halve(half, options),
  );
}

/**
 * Text of more than LONGEST_MEASURED characters per token of budget is split without being
 * measured first (at worst a few more, shorter prompts): a BPE over 50 000 characters without a
 * break takes seconds, its pieces milliseconds.
 */
function fits(text: string, options: FitOptions): boolean {
  return text.length <= LONGEST_MEASURED * options.maxTokens && options.countTokens(text) <= options.maxTokens;
}

function tokensOf(piece: string, options: FitOptions): number {
  if (piece.length > LONGEST_MEASURED * options.maxTokens) return Number.POSITIVE_INFINITY;
  return options.countTokens(piece.trim());
}

/** Characters per token beyond which text is taken as too long without measuring it. */
const LONGEST_MEASURED = 4;
