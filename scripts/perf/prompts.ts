import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseSpecBench, parseTranslationTurn } from '../lib/specbench.ts';
import { PAIRS, type Pair, type PerfPrompt } from './page/types.ts';
import { defaultSpecBenchDir, SPECBENCH_HOWTO } from '../lib/specbench-files.ts';

/**
 * Spec-Bench prompts for the perf run, read in place (never copied into the repository) and
 * grouped by source language from each turn's "Translate <Lang> to English:" head.
 */

export async function loadPerfPrompts(
  paths: readonly string[],
  samples?: number,
): Promise<Partial<Record<Pair, PerfPrompt[]>>> {
  const files: string[] = [];
  for (const path of paths.length > 0 ? paths : [defaultSpecBenchDir()]) {
    const info = await stat(path).catch(() => {
      throw new Error(`no Spec-Bench prompts at ${path}: ${SPECBENCH_HOWTO}`);
    });
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => n.endsWith('.jsonl')).sort();
      files.push(...names.map((n) => join(path, n)));
    } else {
      files.push(path);
    }
  }
  if (files.length === 0)
    throw new Error(`no .jsonl files in ${paths.join(', ') || defaultSpecBenchDir()}: ${SPECBENCH_HOWTO}`);
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return groupByPair(
    files.map((f, i) => ({ name: basename(f), text: texts[i] })),
    samples,
  );
}

/** Translation turns into English, by source language; other questions are skipped. */
export function groupByPair(
  files: readonly { name: string; text: string }[],
  samples?: number,
): Partial<Record<Pair, PerfPrompt[]>> {
  const byPair: Partial<Record<Pair, PerfPrompt[]>> = {};
  for (const file of files) {
    for (const question of parseSpecBench(file.text, file.name)) {
      const turn = parseTranslationTurn(question.turns[0]);
      if (turn?.to !== 'en' || !(PAIRS as readonly string[]).includes(turn.from)) continue;
      const list = (byPair[turn.from as Pair] ??= []);
      list.push({ questionId: question.questionId, turn: question.turns[0] });
    }
  }
  if (samples !== undefined) for (const pair of PAIRS) byPair[pair] &&= byPair[pair]!.slice(0, samples);
  if (Object.keys(byPair).length === 0)
    throw new Error('no "Translate <language> to English:" questions in the prompt files');
  return byPair;
}
