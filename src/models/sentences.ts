import { isAbbreviation, writesOrdinalsWithPeriod } from './abbreviations.ts';

/**
 * Sentences of one paragraph, split where a translator would. Intl.Segmenter (ICU's rules) finds
 * the candidates, 。！？ included; then the breaks ICU makes that no translator would are undone:
 * after an abbreviation ("inkl.", "z. B.", "Dr."), an initial ("M. Dupont"), a German ordinal
 * ("am 3. Mai"), inside brackets, or before a lowercase continuation ('"hi!" and left'). Closing
 * quotes and emoji after a sentence's end belong to that sentence ("mit! 😊").
 */

export interface Sentence {
  /** Trimmed; never empty. */
  text: string;
  /** The gap before it as the output lays it out: '\n' where the source broke the line, else ' '. */
  before: string;
}

export function splitSentences(paragraph: string, language?: string): Sentence[] {
  const segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  const pieces = mergeFalseBreaks(
    Array.from(segmenter.segment(paragraph), (s) => s.segment),
    language,
  );
  const sentences: Sentence[] = [];
  let gap = '';
  for (const piece of pieces) {
    const text = piece.trim();
    if (text === '') {
      gap += piece;
      continue;
    }
    const leading = piece.slice(0, piece.length - piece.trimStart().length);
    sentences.push({ text, before: (gap + leading).includes('\n') ? '\n' : ' ' });
    gap = piece.slice(piece.trimEnd().length);
  }
  return sentences;
}

/**
 * What a sentence's end carries along from the next ICU segment: closing brackets and quotes, and
 * emoji (with their modifiers, joiners and flags), on the same line.
 */
const CARRIED =
  /^(?:[^\S\n]*(?:[\p{Pe}\p{Pf}»”’」』）］]|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|[\u200d\ufe0f\u20e3]))+[^\S\n]*/u;

/** A continuation no sentence starts with: a lowercase letter, or punctuation that goes on (", rief sie"). */
const CONTINUES = /^[\p{Ll},;:)\]}）]/u;

const OPENING_BRACKETS = /[([{（［｛【〔]/gu;
const CLOSING_BRACKETS = /[)\]}）］｝】〕]/gu;

function mergeFalseBreaks(segments: readonly string[], language: string | undefined): string[] {
  const merged: string[] = [];
  for (const segment of segments) {
    const last = merged.length - 1;
    // A line break in the source is the writer's own break: never undone.
    if (last >= 0 && /\n\s*$/.test(merged[last]) && merged[last].trim() !== '') {
      merged.push(segment);
      continue;
    }
    if (last < 0 || merged[last].trim() === '') {
      if (last < 0) merged.push(segment);
      else merged[last] += segment;
      continue;
    }
    const carried = segment.match(CARRIED)?.[0] ?? '';
    const rest = segment.slice(carried.length);
    merged[last] += carried;
    if (rest === '') continue;
    if (carried === '' && carriesOn(merged[last], rest, language)) merged[last] += rest;
    else if (carried !== '' && CONTINUES.test(rest.trimStart())) merged[last] += rest;
    else merged.push(rest);
  }
  return merged;
}

/** Whether ICU's break between `previous` and `next` is one no translator would make. */
function carriesOn(previous: string, next: string, language: string | undefined): boolean {
  const before = previous.trimEnd();
  const after = next.trimStart();
  if (CONTINUES.test(after)) return true;
  if (count(before, OPENING_BRACKETS) > count(before, CLOSING_BRACKETS)) return true;
  if (!before.endsWith('.')) return false;
  const word = lastWord(before.slice(0, -1));
  if (word === '') return false;
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "M. Dupont", "А. С. Пушкин"
  if (/^\p{Ll}$/u.test(word)) return /^\p{L}\./u.test(after) || /(?:^|\s)\p{L}\.\s*\p{L}$/u.test(before.slice(0, -1));
  if (/^\d+$/.test(word)) return writesOrdinalsWithPeriod(language);
  return isAbbreviation(word.toLowerCase(), language);
}

/** The word before a sentence's final period: after the last space, bracket or opening quote. */
function lastWord(text: string): string {
  return text.split(/[\s([{«„“"'‘]/u).pop() ?? '';
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
