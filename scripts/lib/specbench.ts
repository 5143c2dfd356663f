import { TandemError } from '../../src/errors.ts';
import { LANGUAGE_NAMES, type LanguageCode } from '../../src/models/prompt.ts';

/** Spec-Bench's translation question files, by name, with the source language of each. */
export const SPEC_BENCH_SETS = { deen: 'de', fren: 'fr', ruen: 'ru', jaen: 'ja', zhen: 'zh' } as const;

export type SpecBenchSetName = keyof typeof SPEC_BENCH_SETS;

export interface SpecBenchQuestion {
  questionId: string;
  category: string;
  /** User turns; the translation sets have one, "Translate German to English:<src>". */
  turns: string[];
}

/** A Spec-Bench file is missing or has a malformed line; the message names file and line. */
export class SpecBenchError extends TandemError {}

/** Parses a question.jsonl text: one JSON object per line, blank lines ignored. */
export function parseSpecBench(text: string, fileName: string): SpecBenchQuestion[] {
  const questions: SpecBenchQuestion[] = [];
  const firstLineOfId = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    const question = parseLine(line, `${fileName} line ${lineNumber}`);
    const earlier = firstLineOfId.get(question.questionId);
    if (earlier !== undefined) {
      throw new SpecBenchError(
        `${fileName} line ${lineNumber}: question_id "${question.questionId}" repeats line ${earlier}`,
      );
    }
    firstLineOfId.set(question.questionId, lineNumber);
    questions.push(question);
  });
  return questions;
}

function parseLine(line: string, where: string): SpecBenchQuestion {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new SpecBenchError(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecBenchError(`${where}: expected a JSON object`);
  }
  const { question_id: questionId, category, turns } = value as Record<string, unknown>;
  if (typeof questionId !== 'string' || questionId === '') {
    throw new SpecBenchError(`${where}: "question_id" must be a non-empty string`);
  }
  if (typeof category !== 'string') {
    throw new SpecBenchError(`${where}: "category" must be a string`);
  }
  if (!Array.isArray(turns) || turns.length === 0 || !turns.every((turn) => typeof turn === 'string')) {
    throw new SpecBenchError(`${where}: "turns" must be a non-empty array of strings`);
  }
  return { questionId, category, turns };
}

/** Questions back to question.jsonl text, one JSON object per line in Spec-Bench's field names. */
export function formatSpecBench(questions: readonly SpecBenchQuestion[]): string {
  return questions
    .map((q) => `${JSON.stringify({ question_id: q.questionId, category: q.category, turns: q.turns })}\n`)
    .join('');
}

export interface TranslationTurn {
  from: LanguageCode;
  to: LanguageCode;
  source: string;
}

/** The turn Spec-Bench writes for a translation: "Translate German to English:<src>", no space. */
export function translationTurn({ from, to, source }: TranslationTurn): string {
  return `Translate ${LANGUAGE_NAMES[from]} to ${LANGUAGE_NAMES[to]}:${source}`;
}

/** Splits "Translate German to English:<src>" into languages and source; null for other turns. */
export function parseTranslationTurn(turn: string): TranslationTurn | null {
  const match = /^Translate (\w+) to (\w+):\s*/.exec(turn);
  if (!match) return null;
  const from = languageCodeOf(match[1]);
  const to = languageCodeOf(match[2]);
  if (from === undefined || to === undefined) return null;
  return { from, to, source: turn.slice(match[0].length) };
}

function languageCodeOf(name: string): LanguageCode | undefined {
  return (Object.keys(LANGUAGE_NAMES) as LanguageCode[]).find((code) => LANGUAGE_NAMES[code] === name);
}
