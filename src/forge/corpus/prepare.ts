import { InvalidArgumentError } from '../../errors.ts';
import { segmentText } from '../../models/segment.ts';
import { seededRng } from '../../speculative/rng.ts';
import { CorpusError } from '../errors.ts';

/**
 * Source texts → the sentences a forge job works on, before anything runs: segmented (one
 * sentence per prompt, as the paper's data and Tandem's translator use them), deduplicated,
 * length-filtered, then split into train and held-out sets by a seeded shuffle, so the same file
 * and seed always give the same split. The held-out sentences are never trained on.
 */

export interface CorpusOptions {
  /** BCP-47 code for the sentence segmenter (Intl.Segmenter rules differ for ja/zh). */
  language: string;
  seed: number;
  /** Share of the unique sentences held out for measurement. */
  heldOutFraction: number;
  minHeldOut: number;
  maxHeldOut: number;
  /** Sentences shorter or longer than these (in characters) are dropped. */
  minChars: number;
  maxChars: number;
  /** Train sentences beyond this are dropped (after the shuffle, so the kept ones are a fair sample). */
  maxTrain: number;
}

export const DEFAULT_CORPUS_OPTIONS: Omit<CorpusOptions, 'language'> = {
  seed: 20240624,
  heldOutFraction: 0.1,
  minHeldOut: 1,
  maxHeldOut: 100,
  // Fragments below 8 characters ("Ja.", "1.") teach the drafter nothing about sentences; over
  // 600 a "sentence" is usually a segmentation failure (a table, a list without stops).
  minChars: 8,
  maxChars: 600,
  maxTrain: 50_000,
};

export interface CorpusStats {
  /** Texts read from the file (lines, rows). */
  texts: number;
  sentences: number;
  duplicates: number;
  tooShort: number;
  tooLong: number;
  /** Unique sentences within the length limits, before the train cap. */
  usable: number;
  /** Usable train sentences left out by maxTrain. */
  capped: number;
}

export interface PreparedCorpus {
  train: string[];
  heldOut: string[];
  stats: CorpusStats;
}

export function prepareCorpus(texts: readonly string[], options: CorpusOptions): PreparedCorpus {
  checkOptions(options);
  const seen = new Set<string>();
  const stats: CorpusStats = {
    texts: texts.length,
    sentences: 0,
    duplicates: 0,
    tooShort: 0,
    tooLong: 0,
    usable: 0,
    capped: 0,
  };
  const usable: string[] = [];
  for (const text of texts) {
    for (const { text: raw } of segmentText(text, options.language)) {
      const sentence = raw.replace(/\s+/g, ' ');
      stats.sentences += 1;
      if (sentence.length < options.minChars) stats.tooShort += 1;
      else if (sentence.length > options.maxChars) stats.tooLong += 1;
      else if (seen.has(sentence)) stats.duplicates += 1;
      else {
        seen.add(sentence);
        usable.push(sentence);
      }
    }
  }
  stats.usable = usable.length;
  if (usable.length < 2) throw new CorpusError(noSentencesMessage(stats, options));
  const order = shuffled(usable, options.seed);
  const held = Math.min(
    options.maxHeldOut,
    Math.max(options.minHeldOut, Math.round(usable.length * options.heldOutFraction)),
    usable.length - 1,
  );
  const heldOut = order.slice(0, held);
  const rest = order.slice(held);
  const train = rest.slice(0, options.maxTrain);
  stats.capped = rest.length - train.length;
  return { train, heldOut, stats };
}

function noSentencesMessage(stats: CorpusStats, options: CorpusOptions): string {
  if (stats.sentences === 0) return 'The file has no sentences: every line or row is empty.';
  const dropped = [
    stats.tooShort > 0 ? `${stats.tooShort} shorter than ${options.minChars} characters` : '',
    stats.tooLong > 0 ? `${stats.tooLong} longer than ${options.maxChars}` : '',
    stats.duplicates > 0 ? `${stats.duplicates} repeated` : '',
  ].filter(Boolean);
  return (
    `The file has no usable sentences: ${stats.usable} of ${stats.sentences} kept` +
    `${dropped.length > 0 ? ` (${dropped.join(', ')})` : ''}; the forge needs at least 2 (one to train on, one held out).`
  );
}

/** Fisher–Yates with mulberry32: the same order in every browser and in Node. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRng(seed);
  const order = [...items];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function checkOptions(o: CorpusOptions): void {
  const bad = (what: string) => {
    throw new InvalidArgumentError(`corpus options: ${what}`);
  };
  if (!(o.heldOutFraction > 0 && o.heldOutFraction < 1))
    bad(`heldOutFraction must be in (0, 1), got ${o.heldOutFraction}`);
  if (!(o.minHeldOut >= 1 && o.maxHeldOut >= o.minHeldOut)) bad('need 1 ≤ minHeldOut ≤ maxHeldOut');
  if (!(o.minChars >= 1 && o.maxChars >= o.minChars)) bad('need 1 ≤ minChars ≤ maxChars');
  if (!(o.maxTrain >= 1)) bad('maxTrain must be at least 1');
}
