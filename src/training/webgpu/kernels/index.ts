import type { LlamaConfig } from '../../../llama/config.ts';
import type { TrainingTuning } from '../tuning.ts';
import { AttentionKernels } from './attention.ts';
import { CrossEntropyKernel } from './cross-entropy.ts';
import { EmbeddingKernels } from './embedding.ts';
import { type LinearShape, Matmul } from './matmul.ts';
import { OptimizerKernels } from './optimizer.ts';
import { RmsNormKernels } from './rmsnorm.ts';
import { RowKernels } from './rows.ts';
import { SwigluKernels } from './swiglu.ts';

/** A linear layer's three products. */
export interface LinearKernels {
  forward: Matmul;
  input: Matmul;
  weight: Matmul;
}

/** Every pipeline of the training step, compiled once (in parallel) for one model shape. */
export interface TrainingKernels {
  embedding: EmbeddingKernels;
  rmsnorm: RmsNormKernels;
  attention: AttentionKernels;
  swiglu: SwigluKernels;
  crossEntropy: CrossEntropyKernel;
  optimizer: OptimizerKernels;
  qkv: LinearKernels;
  o: LinearKernels; //      forward adds the residual
  gateUp: LinearKernels;
  down: LinearKernels; //   forward adds the residual
  lmHead: LinearKernels; // over the target rows only
  rows: RowKernels;
}

export async function buildTrainingKernels(
  device: GPUDevice,
  c: LlamaConfig,
  tuning: TrainingTuning,
): Promise<TrainingKernels> {
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const linear = async (
    label: string,
    layer: LinearShape,
    rows: { residual?: boolean; head?: boolean } = {},
  ): Promise<LinearKernels> => {
    const [forward, input, weight] = await Promise.all([
      Matmul.create(device, label, layer, 'forward', tuning, rows),
      Matmul.create(device, label, layer, 'input', tuning, { head: rows.head }),
      Matmul.create(device, label, layer, 'weight', tuning, { head: rows.head }),
    ]);
    return { forward, input, weight };
  };
  const [embedding, rmsnorm, attention, swiglu, crossEntropy, optimizer, qkv, o, gateUp, down, lmHead, rows] =
    await Promise.all([
      EmbeddingKernels.create(device, dim),
      RmsNormKernels.create(device, dim, c.rmsNormEps, tuning),
      AttentionKernels.create(device, c),
      SwigluKernels.create(device, c.intermediateSize),
      CrossEntropyKernel.create(device, c.vocabSize, tuning),
      OptimizerKernels.create(device, tuning.lanes > 1),
      linear('qkv_proj', { out: qDim + 2 * kvDim, in: dim }),
      linear('o_proj', { out: dim, in: qDim }, { residual: true }),
      linear('gate_up_proj', { out: 2 * c.intermediateSize, in: dim }),
      linear('down_proj', { out: dim, in: c.intermediateSize }, { residual: true }),
      linear('lm_head', { out: c.vocabSize, in: dim }, { head: true }),
      RowKernels.create(device, dim),
    ]);
  return { embedding, rmsnorm, attention, swiglu, crossEntropy, optimizer, qkv, o, gateUp, down, lmHead, rows };
}
