import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import type { CausalLM } from '../../speculative/causal-lm.ts';
import { makeBatch, trimBatch } from '../../training/batch.ts';
import { sampleBatch, TrainingRng } from '../../training/rng.ts';
import { evaluateDrafters, type EvaluationReport } from '../evaluate.ts';
import type { TrainerFactory } from '../fine-tune.ts';
import type { GenerationLimits } from '../generation.ts';
import { optimizerSettings, PAPER_SETTINGS } from '../hyperparameters.ts';
import { decidePromotion, type PromotionDecision } from './promotion.ts';
import { heldOutEntries, type ReplayBuffer, trainingExamples } from './replay-buffer.ts';

/**
 * One round of learning from use: a copy of the active drafter takes a few optimizer steps on the
 * replay buffer's training side, then both drafters decode the buffer's held-out prompts; the copy
 * is promoted only by the rule in promotion.ts. The active drafter itself is never changed.
 */
export interface AdaptOptions {
  buffer: ReplayBuffer;
  active: { config: LlamaConfig; weights: LlamaWeights; model: CausalLM };
  target: CausalLM;
  createTrainer: TrainerFactory;
  /** Loads the adapted weights on the drafter's engine. */
  load(weights: LlamaWeights): Promise<CausalLM>;
  limits: GenerationLimits;
  steps: number;
  seed: number;
}

export const ADAPT_BATCH = 8;
export const ADAPT_LEARNING_RATE = 1e-4;
/** Fewer training entries than this and a round would only memorise a sentence or two. */
export const MIN_ADAPT_EXAMPLES = 8;

export interface AdaptResult {
  decision: PromotionDecision;
  report: EvaluationReport | null;
  weights: LlamaWeights | null;
}

export async function adaptDrafter(options: AdaptOptions): Promise<AdaptResult> {
  const examples = trainingExamples(options.buffer);
  const held = heldOutEntries(options.buffer);
  if (examples.length < MIN_ADAPT_EXAMPLES) {
    const reason = `${examples.length} translations to learn from; at least ${MIN_ADAPT_EXAMPLES} are needed`;
    return { decision: { promote: false, reason }, report: null, weights: null };
  }
  const settings = {
    ...PAPER_SETTINGS,
    learningRate: ADAPT_LEARNING_RATE,
    warmupRatio: 0,
    schedule: 'constant' as const,
  };
  const trainer = await options.createTrainer(
    {
      kind: 'base',
      config: options.active.config,
      weights: options.active.weights,
      settings: optimizerSettings(settings, options.steps),
    },
    { batchSize: ADAPT_BATCH, maxSequenceLength: 512 },
  );
  let weights: LlamaWeights;
  try {
    const rng = new TrainingRng(options.seed);
    for (let step = 0; step < options.steps; step++) {
      await new Promise((resolve) => setTimeout(resolve, 0)); // the worker stays responsive
      await trainer.step(trimBatch(makeBatch(sampleBatch(examples, ADAPT_BATCH, rng), 512, trainer.config.vocabSize)));
    }
    weights = await trainer.weights();
  } finally {
    trainer.dispose();
  }
  const candidate = await options.load(weights);
  try {
    const report = await evaluateDrafters({
      target: options.target,
      base: options.active.model,
      forged: candidate,
      prompts: held.map((entry) => entry.prompt),
      limits: options.limits,
    });
    const decision = decidePromotion({
      currentAlpha: report.base.alpha,
      candidateAlpha: report.forged.alpha,
      heldOutPrompts: held.length,
      lossless: report.mismatches.length === 0,
    });
    return { decision, report, weights };
  } finally {
    await candidate.dispose?.();
  }
}
