import type { DetectableLanguage } from '../models/detect-language.ts';
import { translationTurn, vicunaPrompt } from '../models/prompt.ts';
import type { TextTokenizer } from '../models/tokenizer.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import { AcceptanceTally, generateGreedy, type Generation } from './generation.ts';
import type { JobRepository } from './job-store.ts';
import type { DistilledItem, ForgeJob, Split } from './job.ts';

/**
 * Self-distillation: the target translates each sentence with the paper's prompt, greedy, up to
 * the job's max length, through the speculative loop with the current drafter (lossless: the
 * output is the target's own, only faster). Each output is stored as soon as it exists, so a
 * pause or a closed tab loses at most the sentence in flight, and a resumed run starts at the
 * first sentence without an output: nothing is translated twice.
 */

/** What distillation needs of a loaded pair. */
export interface DistillPair {
  target: CausalLM;
  drafter: CausalLM | null;
  tokenizer: TextTokenizer;
  eosTokenIds: readonly number[];
}

/** One sentence through the target (speculatively when the pair has a drafter). */
export function distilSentence(
  pair: DistillPair,
  source: string,
  language: DetectableLanguage,
  maxNewTokens: number,
  signal?: AbortSignal,
): Promise<{ item: DistilledItem; generation: Generation }> {
  return distilTurn(pair, source, translationTurn(source, language, 'en'), maxNewTokens, signal);
}

/** Any user turn through the target: imported conversations may hold other wordings. */
export async function distilTurn(
  pair: DistillPair,
  source: string,
  userTurn: string,
  maxNewTokens: number,
  signal?: AbortSignal,
): Promise<{ item: DistilledItem; generation: Generation }> {
  const promptTokens = pair.tokenizer.encode(vicunaPrompt(userTurn));
  const generation = await generateGreedy(pair.target, pair.drafter, promptTokens, {
    maxNewTokens,
    eosTokenIds: pair.eosTokenIds,
    ...(signal ? { signal } : {}),
  });
  const { result } = generation;
  const eos = pair.eosTokenIds[0];
  const responseTokens =
    result.finishReason === 'eos' && eos !== undefined ? [...result.tokens, eos] : [...result.tokens];
  const item: DistilledItem = {
    source,
    userTurn,
    promptTokens,
    responseTokens,
    text: pair.tokenizer.decode(result.tokens).trim(),
    finishReason: result.finishReason,
  };
  return { item, generation };
}

export interface DistillProgress {
  /** Outputs stored, both splits together, and how many there will be. */
  done: number;
  total: number;
  /** Generated tokens per second in this session (resumed sessions start their own clock). */
  tokensPerSecond: number;
  /** From this session's mean time per sentence; null until one sentence has been timed. */
  secondsLeft: number | null;
  /** Acceptance rate of the current drafter over this session's sentences (null without drafts). */
  acceptanceRate: number | null;
  split: Split;
  lastText: string;
}

export interface DistillJobOptions {
  repo: JobRepository;
  job: ForgeJob;
  /** Translates one sentence; the worker runs it in its translation queue with the warm pair. */
  translate(source: string): Promise<{ item: DistilledItem; generation: Generation }>;
  signal: AbortSignal;
  onProgress?: (progress: DistillProgress) => void;
  now?: () => number;
}

/**
 * Distils every sentence without an output yet (held-out first: they are few and the held-out
 * loss needs them), updating the job's counts as it goes. Resolves 'paused' when the signal
 * stopped it, 'done' when every sentence has its output (the job is then at stage 'distilled').
 */
export async function distillJob(options: DistillJobOptions): Promise<{ status: 'done' | 'paused'; job: ForgeJob }> {
  const { repo, signal, now = () => performance.now() } = options;
  let job = options.job;
  const sentences = await repo.loadSentences(job.id);
  const done = { train: await repo.doneIndices(job.id, 'train'), heldOut: await repo.doneIndices(job.id, 'heldOut') };
  const total = sentences.train.length + sentences.heldOut.length;
  const started = now();
  let sessionSentences = 0;
  const tally = new AcceptanceTally();
  for (const split of ['heldOut', 'train'] as const) {
    for (const [index, source] of sentences[split].entries()) {
      if (done[split].has(index)) continue;
      if (signal.aborted) return { status: 'paused', job };
      const { item, generation } = await options.translate(source);
      if (generation.result.finishReason === 'aborted') return { status: 'paused', job }; // the half output is not kept
      await repo.saveOutput(job.id, split, index, item);
      done[split].add(index);
      job = { ...job, distilled: { train: done.train.size, heldOut: done.heldOut.size } };
      await repo.saveJob(job);
      sessionSentences += 1;
      tally.add(generation);
      const elapsed = (now() - started) / 1000;
      const count = done.train.size + done.heldOut.size;
      options.onProgress?.({
        done: count,
        total,
        tokensPerSecond: elapsed > 0 ? tally.emitted / elapsed : 0,
        secondsLeft: (elapsed / sessionSentences) * (total - count),
        acceptanceRate: tally.alpha,
        split,
        lastText: item.text,
      });
    }
  }
  job = { ...job, stage: job.stage === 'prepared' ? 'distilled' : job.stage };
  await repo.saveJob(job);
  return { status: 'done', job };
}
