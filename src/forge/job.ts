import type { DetectableLanguage } from '../models/detect-language.ts';
import type { FinishReason } from '../speculative/events.ts';
import type { CorpusStats } from './corpus/prepare.ts';
import type { EvaluationReport } from './evaluate.ts';
import type { FineTuneSettings } from './hyperparameters.ts';

/**
 * A forge job: one drafter being made for one source language and one target, from one corpus.
 * Plain data, kept in IndexedDB (job-store.ts) so that a closed tab resumes where it stopped.
 */

export type ForgeStage = 'prepared' | 'distilled' | 'trained' | 'evaluated' | 'installed';

export interface ForgeJob {
  id: string;
  createdAt: number;
  language: DetectableLanguage;
  /** The pair the job distils with and fine-tunes for (PairSelection ids). */
  target: string;
  baseDrafter: string;
  /** Where the sentences came from, in words ("news.de.txt", a URL, "your translations", a data set file). */
  corpusName: string;
  corpusStats: CorpusStats;
  trainCount: number;
  heldOutCount: number;
  /** The paper's 1 024 by default; tests use small values. */
  maxNewTokens: number;
  settings: FineTuneSettings;
  stage: ForgeStage;
  /** Outputs stored so far, per split. */
  distilled: { train: number; heldOut: number };
  training: TrainingState | null;
  evaluation: EvaluationReport | null;
  /** The installed drafter's model id (/models/<id>/), once installed. */
  installedId: string | null;
}

export type Split = 'train' | 'heldOut';

/** One self-distilled example: the target's own greedy output for one sentence. */
export interface DistilledItem {
  source: string;
  /** The Vicuna user turn ("Translate German to English: …"): the FastChat human value. */
  userTurn: string;
  /** The whole prompt's token ids (system prompt, BOS included). */
  promptTokens: number[];
  /** The target's output ids, its EOS appended when it ended there (what the drafter learns). */
  responseTokens: number[];
  text: string;
  finishReason: FinishReason;
}

export interface LossPoint {
  step: number;
  train: number;
  /** Held-out loss where it was measured at this step. */
  heldOut?: number;
}

export interface TrainingState {
  step: number;
  totalSteps: number;
  epoch: number;
  /** Batches of the current epoch already trained on. */
  batchInEpoch: number;
  losses: LossPoint[];
  /** The engine that trains ('llama-webgpu' or 'cpu-reference') and why. */
  engine: string;
  done: boolean;
  /** Training time so far, across pauses (for time-left estimates). */
  elapsedMs: number;
  trainedTokens: number;
}

export function newJobId(now: number, random: () => number = Math.random): string {
  return `forge-${now.toString(36)}-${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}
