import type { LlamaConfig } from '../../../src/llama/config.ts';

/**
 * The model shapes the kit runs, with random weights made on the spot: the paper's drafter, a
 * larger public drafter, and a LLaMA-7B stand-in for the target. Quick runs (the test on software
 * Vulkan) use scaled-down shapes with the same structure and the real 32 000-token vocabulary.
 */
export interface ModelShape {
  /** Short name used in the report's tables. */
  name: string;
  /** What the shape is, in words. */
  label: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  ffn: number;
  vocab: number;
}

const VOCAB = 32000;

export const DRAFTER_68M: ModelShape = {
  name: '68M',
  label: "the paper's drafter (double7/vicuna-68m, JackFram/llama-68m)",
  layers: 2,
  hidden: 768,
  heads: 12,
  kvHeads: 12,
  ffn: 3072,
  vocab: VOCAB,
};

export const DRAFTER_160M: ModelShape = {
  name: '160M',
  label: 'JackFram/llama-160m',
  layers: 12,
  hidden: 768,
  heads: 12,
  kvHeads: 12,
  ffn: 3072,
  vocab: VOCAB,
};

export const TARGET_7B: ModelShape = {
  name: '7B',
  label: "LLaMA-7B / Vicuna-7B (the target's shape)",
  layers: 32,
  hidden: 4096,
  heads: 32,
  kvHeads: 32,
  ffn: 11008,
  vocab: VOCAB,
};

/** Scaled-down stand-ins for --quick: same structure, a fraction of the width and depth. */
export const QUICK_SHAPES: Record<'drafter68m' | 'drafter160m' | 'target7b', ModelShape> = {
  drafter68m: {
    ...DRAFTER_68M,
    name: '68M-quick',
    label: 'quick stand-in for the 68M shape (hidden 128)',
    hidden: 128,
    heads: 4,
    kvHeads: 4,
    ffn: 512,
  },
  drafter160m: {
    ...DRAFTER_160M,
    name: '160M-quick',
    label: 'quick stand-in for the 160M shape (4 layers, hidden 128)',
    layers: 4,
    hidden: 128,
    heads: 4,
    kvHeads: 4,
    ffn: 512,
  },
  target7b: {
    ...TARGET_7B,
    name: '7B-quick',
    label: 'quick stand-in for the 7B shape (4 layers, hidden 256)',
    layers: 4,
    hidden: 256,
    heads: 4,
    kvHeads: 4,
    ffn: 688,
  },
};

export const FULL_SHAPES: Record<keyof typeof QUICK_SHAPES, ModelShape> = {
  drafter68m: DRAFTER_68M,
  drafter160m: DRAFTER_160M,
  target7b: TARGET_7B,
};

export function shapesFor(quick: boolean): Record<keyof typeof QUICK_SHAPES, ModelShape> {
  return quick ? QUICK_SHAPES : FULL_SHAPES;
}

/** The same shape with another number of layers (the per-layer target estimate). */
export function withLayers(shape: ModelShape, layers: number): ModelShape {
  return { ...shape, name: `${shape.name}, ${layers} of ${shape.layers} layers`, layers };
}

export function configOf(shape: ModelShape, maxSequenceLength: number): LlamaConfig {
  return {
    hiddenSize: shape.hidden,
    intermediateSize: shape.ffn,
    numLayers: shape.layers,
    numHeads: shape.heads,
    numKvHeads: shape.kvHeads,
    headDim: shape.hidden / shape.heads,
    vocabSize: shape.vocab,
    rmsNormEps: 1e-6,
    ropeTheta: 10000,
    maxPositionEmbeddings: maxSequenceLength,
    tieWordEmbeddings: false,
    bosTokenId: 1,
    eosTokenIds: [2],
  };
}

/** Parameters of the shape (untied embeddings and LM head, as the HF checkpoints have them). */
export function parameterCount(s: ModelShape): number {
  const headDim = s.hidden / s.heads;
  const attention = s.hidden * (s.heads * headDim) * 2 + s.hidden * (s.kvHeads * headDim) * 2;
  const mlp = 3 * s.hidden * s.ffn;
  return s.layers * (attention + mlp + 2 * s.hidden) + 2 * s.vocab * s.hidden + s.hidden;
}

/** "2 layers, hidden 768, 12 heads, FFN 3072, vocab 32000". */
export function describeShape(s: ModelShape): string {
  const kv = s.kvHeads === s.heads ? '' : ` (${s.kvHeads} KV heads)`;
  return `${s.layers} layers, hidden ${s.hidden}, ${s.heads} heads${kv}, FFN ${s.ffn}, vocab ${s.vocab}`;
}
