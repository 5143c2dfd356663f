import { describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../llama/config.ts';
import { type MemoryPlan, planTrainingMemory } from './memory-plan.ts';

const llama = (numLayers: number): LlamaConfig => ({
  hiddenSize: 768,
  intermediateSize: 3072,
  numLayers,
  numHeads: 12,
  numKvHeads: 12,
  headDim: 64,
  vocabSize: 32000,
  rmsNormEps: 1e-6,
  ropeTheta: 10000,
  maxPositionEmbeddings: 2048,
  tieWordEmbeddings: false,
  eosTokenIds: [2],
});
/**
 * double7/vicuna-68m’s shape (untied: its F32 model.safetensors is ~272 MB = 68.0 M × 4 bytes; tied
 * would be 45 M) and JackFram/llama-160m’s.
 */
const VICUNA_68M = llama(2);
const LLAMA_160M = llama(12);
const GB4 = 4e9; // a "4 GB" card, decimal: a little under 4 GiB, so the plan errs small
const AT_256_BY_8 = { batchSize: 8, seqLen: 256, budgetBytes: GB4 };

function describePlan(label: string, plan: MemoryPlan): string {
  const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
  return (
    `${label}: ${(plan.parameters / 1e6).toFixed(1)} M parameters; persistent ${gb(plan.persistentBytes)}, ` +
    `activations ${gb(plan.activationBytes)}, scratch ${gb(plan.scratchBytes)}, total ${gb(plan.totalBytes)} of ` +
    `${gb(plan.budgetBytes)}; micro-batch ${plan.microBatchRows} × ${plan.accumulationSteps}, ` +
    `recompute ${plan.recompute}, logits chunk ${plan.logitsChunkRows} rows`
  );
}

describe('planTrainingMemory', () => {
  it('fits the 68M drafter at seqLen 256, batch 8 in 4 GB in one micro-batch, without recomputation', () => {
    const plan = planTrainingMemory(VICUNA_68M, AT_256_BY_8);
    console.log(describePlan('vicuna-68m', plan));
    expect(plan.parameters).toBe(68_030_208);
    // The napkin figure: 68M × (weights, gradients, two moments) × 4 bytes ≈ 1.1 GB.
    expect(plan.persistentBytes).toBe(16 * plan.parameters);
    expect(plan).toMatchObject({ fits: true, microBatchRows: 8, accumulationSteps: 1, recompute: false });
    expect(plan.totalBytes).toBeLessThanOrEqual(GB4);
    // 32 000 logits of 4 bytes per row: 1048 rows make the largest chunk under 128 MiB.
    expect(plan.logitsChunkRows).toBe(1048);
  });

  it('fits the 160M drafter at seqLen 256, batch 8 in 4 GB by splitting the batch into micro-batches', () => {
    const whole = planTrainingMemory(LLAMA_160M, { ...AT_256_BY_8, budgetBytes: Number.POSITIVE_INFINITY });
    expect(whole.totalBytes).toBeGreaterThan(GB4); // all 8 sequences at once do not fit
    const plan = planTrainingMemory(LLAMA_160M, AT_256_BY_8);
    console.log(describePlan('llama-160m', plan));
    expect(plan.parameters).toBe(162_417_408);
    expect(plan.fits).toBe(true);
    expect(plan).toMatchObject({ recompute: false, microBatchRows: 4, accumulationSteps: 2 });
    expect(plan.totalBytes).toBeLessThanOrEqual(GB4);
  });

  it('recomputes activations only when a single sequence does not fit otherwise', () => {
    const single = planTrainingMemory(LLAMA_160M, {
      batchSize: 1,
      seqLen: 1024,
      budgetBytes: Number.POSITIVE_INFINITY,
    });
    const plan = planTrainingMemory(LLAMA_160M, { batchSize: 2, seqLen: 1024, budgetBytes: single.totalBytes - 1 });
    expect(plan).toMatchObject({ fits: true, recompute: true, microBatchRows: expect.any(Number) });
    expect(plan.activationBytes).toBeLessThan(single.activationBytes);
  });

  it('says why nothing fits: the total over budget, or the buffer over the binding limit', () => {
    const tooSmall = planTrainingMemory(VICUNA_68M, { ...AT_256_BY_8, budgetBytes: 1e9 });
    expect(tooSmall.fits).toBe(false);
    expect(tooSmall.reason).toMatch(/over the 953\.7 MiB budget/);
    const narrow = planTrainingMemory(VICUNA_68M, { ...AT_256_BY_8, maxBindingBytes: 64 * 2 ** 20 });
    expect(narrow.fits).toBe(false);
    expect(narrow.reason).toMatch(
      /embed_tokens \(vocab, dim\): one buffer of 93\.8 MiB is over .* 64\.0 MiB binding limit/,
    );
  });

  it('counts a tied LM head once and refuses nonsense', () => {
    const tied = planTrainingMemory({ ...VICUNA_68M, tieWordEmbeddings: true }, AT_256_BY_8);
    expect(tied.parameters).toBe(68_030_208 - 32000 * 768);
    expect(tied.buffers.some((b) => b.name.includes('lm_head'))).toBe(false);
    expect(() => planTrainingMemory(VICUNA_68M, { ...AT_256_BY_8, seqLen: 0 })).toThrow(/seqLen/);
    expect(() => planTrainingMemory(VICUNA_68M, { ...AT_256_BY_8, budgetBytes: -1 })).toThrow(/budgetBytes/);
  });
});
