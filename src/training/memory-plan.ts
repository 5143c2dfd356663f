import { InvalidArgumentError } from '../errors.ts';
import type { LlamaConfig } from '../llama/config.ts';
import { parameterCount } from './optimizer/parameters.ts';

/**
 * How much GPU memory a training step needs, and how to make it fit: a pure model of the buffers
 * a float32 trainer holds (what the CPU reference keeps, in float32), not a measurement.
 *
 * Persistent (P parameters, the tied LM head counted once): weights, gradients and AdamW's two
 * moments, 4·P floats. Per micro-batch of m sequences (N = m · seqLen positions):
 * - saved activations, per layer: input, attn-normed, mid, ffn-normed (4 · dim), two 1/rms
 *   values, q and attention output (2 · qDim), k and v (2 · kvDim), gate, up and silu·up
 *   (3 · ffn), and the attention probabilities m · heads · seqLen²; after the layers, the
 *   residual output and the final-normed states (2 · dim) and one 1/rms;
 *   with recomputation only each layer's input is kept, and one layer's full set is rebuilt at a
 *   time during the backward (llm.c's and PyTorch's activation checkpointing);
 * - the logits (chunk rows, vocab), their gradient computed in place, in chunks of rows small
 *   enough to bind as one storage buffer;
 * - the backward's scratch: d(residual) (dim), one layer's d(gate), d(up), d(silu·up) (3 · ffn),
 *   d(normed) and d(attention output) (dim + qDim), dq, dk, dv, and d(probabilities);
 * - token ids and targets (int32).
 * The plan takes the fewest micro-batches that fit without recomputation (recomputation costs a
 * second forward of every layer); only when one sequence does not fit does it recompute.
 */

const F32 = 4;
/** WebGPU's default maxStorageBufferBindingSize (128 MiB): what a device grants without asking. */
export const DEFAULT_MAX_BINDING_BYTES = 128 * 1024 * 1024;

export interface MemoryPlanRequest {
  batchSize: number; //      sequences per optimizer step
  seqLen: number;
  budgetBytes: number; //    the memory the trainer may use
  maxBindingBytes?: number; // the device's maxStorageBufferBindingSize
}

export interface NamedBytes {
  name: string;
  bytes: number;
  /** The largest single buffer in this entry (an entry may group several, e.g. every layer's). */
  largestBinding: number;
}

const one = (name: string, bytes: number): NamedBytes => ({ name, bytes, largestBinding: bytes });

export interface MemoryPlan {
  fits: boolean;
  /** Why it does not fit, naming the buffer or total; absent when it fits. */
  reason?: string;
  microBatchRows: number; //    sequences per forward/backward
  accumulationSteps: number; // micro-batches per optimizer step
  recompute: boolean; //        activation checkpointing per layer
  logitsChunkRows: number; //   positions whose logits are computed at once
  parameters: number;
  /** Every buffer of the plan, largest first. */
  buffers: NamedBytes[];
  persistentBytes: number; //   weights + gradients + moments
  activationBytes: number; //   saved for the backward, one micro-batch
  scratchBytes: number; //      logits, backward scratch, ids
  totalBytes: number;
  budgetBytes: number;
}

/** The plan for `config` at (batchSize, seqLen) within budgetBytes; see the file comment. */
export function planTrainingMemory(config: LlamaConfig, request: MemoryPlanRequest): MemoryPlan {
  checkRequest(request);
  const maxBinding = request.maxBindingBytes ?? DEFAULT_MAX_BINDING_BYTES;
  let smallest: MemoryPlan | undefined;
  for (const recompute of [false, true]) {
    // Fewest micro-batches first, each as even as it can be (8 in 2 → 4 + 4, not 5 + 3).
    let previous = 0;
    for (let steps = 1; steps <= request.batchSize; steps++) {
      const rows = Math.ceil(request.batchSize / steps);
      if (rows === previous) continue;
      previous = rows;
      const plan = planFor(config, request, rows, recompute, maxBinding);
      if (plan.fits) return plan;
      smallest = plan;
    }
  }
  return smallest as MemoryPlan;
}

function planFor(
  c: LlamaConfig,
  request: MemoryPlanRequest,
  rows: number,
  recompute: boolean,
  maxBinding: number,
): MemoryPlan {
  const { seqLen, budgetBytes } = request;
  const positions = rows * seqLen;
  const parameters = parameterCount(c);
  const rowBytes = c.vocabSize * F32;
  const logitsChunkRows = Math.max(1, Math.min(positions, Math.floor(maxBinding / rowBytes)));
  const buffers: NamedBytes[] = [
    ...persistentBuffers(c),
    ...activationBuffers(c, rows, seqLen, recompute),
    one('logits (chunk rows, vocab)', logitsChunkRows * rowBytes),
    ...backwardScratch(c, rows, seqLen),
    one('token ids and targets (2, N) int32', 2 * positions * 4),
  ].sort((a, b) => b.bytes - a.bytes);
  const sum = (names: (b: NamedBytes) => boolean): number => buffers.filter(names).reduce((n, b) => n + b.bytes, 0);
  const persistentBytes = sum((b) => b.name.startsWith('persistent'));
  const activationBytes = sum((b) => b.name.startsWith('activations'));
  const totalBytes = sum(() => true);
  const plan: MemoryPlan = {
    fits: true,
    microBatchRows: rows,
    accumulationSteps: Math.ceil(request.batchSize / rows),
    recompute,
    logitsChunkRows,
    parameters,
    buffers,
    persistentBytes,
    activationBytes,
    scratchBytes: totalBytes - persistentBytes - activationBytes,
    totalBytes,
    budgetBytes,
  };
  const tooLarge = buffers.find((b) => b.largestBinding > maxBinding);
  if (tooLarge !== undefined) {
    const size = mib(tooLarge.largestBinding);
    return {
      ...plan,
      fits: false,
      reason: `${tooLarge.name}: one buffer of ${size} is over the device's ${mib(maxBinding)} binding limit`,
    };
  }
  if (totalBytes > budgetBytes) {
    const how = `${rows} sequence${rows === 1 ? '' : 's'} per micro-batch${recompute ? ' with recomputation' : ''}`;
    return {
      ...plan,
      fits: false,
      reason: `needs ${mib(totalBytes)} with ${how}, over the ${mib(budgetBytes)} budget`,
    };
  }
  return plan;
}

/** Each persistent set (weights, gradients, two moments): embedding, LM head, the layers' tensors. */
function persistentBuffers(c: LlamaConfig): NamedBytes[] {
  const dim = c.hiddenSize;
  const embedding = c.vocabSize * dim * F32;
  const layerFloats = parameterCount(c) - (c.tieWordEmbeddings ? 1 : 2) * c.vocabSize * dim;
  const qDim = c.numHeads * c.headDim;
  const largestLayerTensor = Math.max(c.intermediateSize * dim, qDim * dim) * F32; // gate/up/down or q/o
  const sets = ['weights', 'gradients', 'AdamW first moment', 'AdamW second moment'];
  return sets.flatMap((set) => [
    one(`persistent ${set}: embed_tokens (vocab, dim)`, embedding),
    ...(c.tieWordEmbeddings ? [] : [one(`persistent ${set}: lm_head (vocab, dim)`, embedding)]),
    {
      name: `persistent ${set}: ${c.numLayers} layers and the final norm, one buffer per tensor`,
      bytes: layerFloats * F32,
      largestBinding: largestLayerTensor,
    },
  ]);
}

/** Floats one layer saves for its backward, for `rows` sequences of seqLen. */
function layerActivationFloats(c: LlamaConfig, rows: number, seqLen: number): number {
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const perPosition = 4 * c.hiddenSize + 2 + 2 * qDim + 2 * kvDim + 3 * c.intermediateSize;
  return rows * seqLen * perPosition + rows * c.numHeads * seqLen * seqLen;
}

function activationBuffers(c: LlamaConfig, rows: number, seqLen: number, recompute: boolean): NamedBytes[] {
  const positions = rows * seqLen;
  const dim = c.hiddenSize;
  const layer = layerActivationFloats(c, rows, seqLen) * F32;
  // The largest single activation: a (N, ffn) tensor or one layer's attention probabilities.
  const largest = Math.max(positions * c.intermediateSize, rows * c.numHeads * seqLen * seqLen) * F32;
  const final = {
    name: 'activations: final residual, normed and 1/rms (N, 2·dim + 1)',
    bytes: positions * (2 * dim + 1) * F32,
    largestBinding: positions * dim * F32,
  };
  if (!recompute) {
    return [
      { name: `activations: ${c.numLayers} layers saved`, bytes: c.numLayers * layer, largestBinding: largest },
      final,
    ];
  }
  return [
    {
      name: `activations: ${c.numLayers} layer inputs kept (N, dim) each`,
      bytes: c.numLayers * positions * dim * F32,
      largestBinding: positions * dim * F32,
    },
    { name: 'activations: one layer recomputed at a time', bytes: layer, largestBinding: largest },
    final,
  ];
}

function backwardScratch(c: LlamaConfig, rows: number, seqLen: number): NamedBytes[] {
  const positions = rows * seqLen;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const perPosition = 2 * c.hiddenSize + 3 * c.intermediateSize + 2 * qDim + 2 * kvDim;
  return [
    {
      name: 'backward scratch: d(residual) and one layer’s gradients (N, ·)',
      bytes: positions * perPosition * F32,
      largestBinding: positions * c.intermediateSize * F32,
    },
    one('backward scratch: d(attention probabilities)', rows * c.numHeads * seqLen * seqLen * F32),
  ];
}

function checkRequest(r: MemoryPlanRequest): void {
  for (const key of ['batchSize', 'seqLen'] as const) {
    if (!Number.isSafeInteger(r[key]) || r[key] < 1) {
      throw new InvalidArgumentError(`memory plan: ${key} must be a positive integer, got ${r[key]}`);
    }
  }
  if (!(r.budgetBytes > 0))
    throw new InvalidArgumentError(`memory plan: budgetBytes must be positive, got ${r.budgetBytes}`);
  if (r.maxBindingBytes !== undefined && !(r.maxBindingBytes > 0)) {
    throw new InvalidArgumentError(`memory plan: maxBindingBytes must be positive, got ${r.maxBindingBytes}`);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
