import type { DetectableLanguage } from '../models/detect-language.ts';
import type { PreparedCorpus } from './corpus/prepare.ts';
import { checkSettings, type FineTuneSettings, proposeSettings } from './hyperparameters.ts';
import type { JobRepository } from './job-store.ts';
import { type ForgeJob, newJobId } from './job.ts';

/** The paper's generation limit (Multilingual-SpecBench's self_distill_generation.sh: max_tokens 1024). */
export const PAPER_MAX_NEW_TOKENS = 1024;

export interface NewJob {
  language: DetectableLanguage;
  target: string;
  baseDrafter: string;
  corpusName: string;
  corpus: PreparedCorpus;
  maxNewTokens?: number;
  /** Defaults: proposeSettings for the train split's size. */
  settings?: FineTuneSettings;
  now?: number;
}

/** Stores a new job with its split sentences; nothing runs yet. */
export async function createJob(repo: JobRepository, spec: NewJob): Promise<ForgeJob> {
  const now = spec.now ?? Date.now();
  const settings = spec.settings ?? proposeSettings(spec.corpus.train.length).settings;
  checkSettings(settings);
  const job: ForgeJob = {
    id: newJobId(now),
    createdAt: now,
    language: spec.language,
    target: spec.target,
    baseDrafter: spec.baseDrafter,
    corpusName: spec.corpusName,
    corpusStats: spec.corpus.stats,
    trainCount: spec.corpus.train.length,
    heldOutCount: spec.corpus.heldOut.length,
    maxNewTokens: spec.maxNewTokens ?? PAPER_MAX_NEW_TOKENS,
    settings,
    stage: 'prepared',
    distilled: { train: 0, heldOut: 0 },
    training: null,
    evaluation: null,
    installedId: null,
  };
  await repo.createJob(job, { train: spec.corpus.train, heldOut: spec.corpus.heldOut });
  return job;
}
