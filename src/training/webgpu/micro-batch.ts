import { IGNORE_INDEX, type TrainingBatch } from '../types.ts';
import type { TrainingGraph } from './graph.ts';
import { groupRowsByToken } from './kernels/embedding.ts';
import { headRowsOf } from './kernels/rows.ts';
import type { TrainerBuffers } from './layout.ts';
import { encodeTrainValues, type TrainValues } from './params.ts';

/**
 * One micro-batch on the GPU: its inputs uploaded (token ids, the rows grouped by token for the
 * embedding gradient, the target rows for the LM head, the params struct), then its work as
 * phases (forward; backward; the update or the loss alone after the last micro-batch).
 */

/** The params fields the same for every micro-batch of a step. */
export type StepValues = Omit<TrainValues, 'rows' | 'seqLen' | 'uniqueTokens' | 'lossRow0' | 'headRows'>;

export interface MicroBatchShape {
  rows: number;
  headRows: number;
  uniqueTokens: number;
}

/** Queues the micro-batch's inputs; the queue runs them after every earlier submission. */
export function uploadMicroBatch(
  device: GPUDevice,
  b: TrainerBuffers<GPUBuffer>,
  part: TrainingBatch,
  values: StepValues & { lossRow0: number },
): MicroBatchShape {
  const rows = part.batchSize * part.seqLen;
  const groups = groupRowsByToken(part.tokens);
  const head = headRowsOf(part.targets, IGNORE_INDEX);
  const headRows = head.headIndex.length;
  device.queue.writeBuffer(b.tokens, 0, Uint32Array.from(part.tokens));
  device.queue.writeBuffer(b.tokenGroups, 0, groups.data as Uint32Array<ArrayBuffer>);
  device.queue.writeBuffer(b.targets, 0, head.headTargets);
  device.queue.writeBuffer(b.headIndex, 0, head.headIndex);
  device.queue.writeBuffer(b.rowHead, 0, head.rowHead);
  const { uniqueTokens } = groups;
  device.queue.writeBuffer(
    b.params,
    0,
    encodeTrainValues({ ...values, rows, seqLen: part.seqLen, uniqueTokens, headRows }),
  );
  return { rows, headRows, uniqueTokens };
}

export interface Phase {
  label: string;
  /** Buffers cleared before the phase's pass. */
  clear: GPUBuffer[];
  record(pass: GPUComputePassEncoder): void;
  /** Copies the stats to their readback buffer after the pass. */
  copyStats: boolean;
}

export interface PhaseContext {
  graph: TrainingGraph;
  buffers: TrainerBuffers<GPUBuffer>;
  mode: 'train' | 'evaluate';
  /** The micro-batch's place: the first clears the gradients, the last finishes the step. */
  first: boolean;
  last: boolean;
  /** Every gradient buffer (cleared before a step's first backward). */
  grads: GPUBuffer[];
}

export function microBatchPhases(c: PhaseContext, s: MicroBatchShape): Phase[] {
  const phases: Phase[] = [
    {
      label: 'forward',
      clear: [],
      record: (pass) => c.graph.encodeForward(pass, s.rows, s.headRows),
      copyStats: false,
    },
  ];
  if (c.mode === 'train') {
    phases.push({
      label: 'backward',
      clear: [...(c.first ? c.grads : []), c.buffers.dResid],
      record: (pass) => c.graph.encodeBackward(pass, s.rows, s.headRows, s.uniqueTokens),
      copyStats: false,
    });
  }
  if (c.last) {
    phases.push({
      label: c.mode === 'train' ? 'update' : 'loss',
      clear: [],
      record: (pass) => (c.mode === 'train' ? c.graph.encodeOptimizer(pass) : c.graph.encodeLoss(pass)),
      copyStats: true,
    });
  }
  return phases;
}

/** Records phases into one command encoder: their clears, one compute pass each, the stats copy. */
export function encodePhases(
  device: GPUDevice,
  b: TrainerBuffers<GPUBuffer>,
  label: string,
  phases: Phase[],
): GPUCommandBuffer {
  const encoder = device.createCommandEncoder({ label });
  for (const phase of phases) {
    for (const buffer of phase.clear) encoder.clearBuffer(buffer);
    const pass = encoder.beginComputePass({ label: `${label}: ${phase.label}` });
    phase.record(pass);
    pass.end();
    if (phase.copyStats) encoder.copyBufferToBuffer(b.stats, 0, b.statsReadback, 0, 16);
  }
  return encoder.finish();
}
