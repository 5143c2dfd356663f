import type { LlamaConfig } from '../llama/config.ts';
import { ForgeQuotaError } from './errors.ts';

/**
 * What a forge job will write to the browser's storage, estimated before it starts, so a quota
 * too small is said before any work rather than found half-way.
 */

export function parameterCount(c: LlamaConfig): number {
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const perLayer = 2 * dim + dim * qDim * 2 + dim * kvDim * 2 + 3 * dim * c.intermediateSize;
  const embeddings = c.vocabSize * dim * (c.tieWordEmbeddings ? 1 : 2);
  return embeddings + c.numLayers * perLayer + dim;
}

export interface StorageNeed {
  dataset: number;
  checkpoint: number;
  model: number;
  total: number;
}

export function forgeStorageNeed(options: {
  sentences: number;
  maxNewTokens: number;
  drafter: LlamaConfig;
}): StorageNeed {
  // Per output: prompt and response ids (~8 bytes each in IndexedDB's encoding), the prompt
  // (~80 tokens with the system prompt) and the text (~4 bytes a token), plus record overhead.
  const perSentence = 8 * (80 + options.maxNewTokens) + 4 * options.maxNewTokens + 512;
  const params = parameterCount(options.drafter);
  const dataset = options.sentences * perSentence;
  // Weights and AdamW's two moments in f32; IndexedDB holds the old checkpoint while the new one is written.
  const checkpoint = 2 * 3 * 4 * params;
  const model = 4 * params;
  return { dataset, checkpoint, model, total: dataset + checkpoint + model };
}

/** Throws ForgeQuotaError when `need` does not fit in what the browser still allows this site. */
export function checkQuota(need: StorageNeed, figures: { usage: number; quota: number } | null): void {
  if (figures === null || figures.quota <= 0) return; // no estimate API: the write itself will say
  const free = Math.max(0, figures.quota - figures.usage);
  if (need.total > free) {
    throw new ForgeQuotaError(
      `Not enough storage for this job: it needs about ${mb(need.total)} (data set ${mb(need.dataset)}, ` +
        `checkpoints ${mb(need.checkpoint)}, the new drafter ${mb(need.model)}) and the browser allows ${mb(free)} more ` +
        'for this site. Delete models you do not need under Models, use fewer sentences, or free disk space.',
    );
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}
