import { PARAM_SLOT_BYTES } from '../../engines/llama-webgpu/kernel.ts';
import trainWgsl from './kernels/params.wgsl?raw';

/** The fields of the WGSL `Train` struct (kernels/params.wgsl), in order. */
export interface TrainValues {
  rows: number;
  seqLen: number;
  uniqueTokens: number;
  lossRow0: number;
  lossRows: number;
  headRows: number;
  invTargets: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  correction1: number;
  correction2: number;
  clipNorm: number;
}

const U32_FIELDS = ['rows', 'seqLen', 'uniqueTokens', 'lossRow0', 'lossRows', 'headRows'] as const;
const F32_FIELDS = [
  'invTargets',
  'learningRate',
  'beta1',
  'beta2',
  'epsilon',
  'weightDecay',
  'correction1',
  'correction2',
  'clipNorm',
] as const;

/** The struct's size: 15 four-byte fields. */
export const TRAIN_PARAM_BYTES = (U32_FIELDS.length + F32_FIELDS.length) * 4;

/** What createKernel prepends to every training kernel. */
export const TRAIN_PARAMS = { wgsl: trainWgsl, bytes: TRAIN_PARAM_BYTES };

/** The params uniform buffer's size: one slot (dynamic offset 0, the layout createKernel makes). */
export const TRAIN_PARAM_BUFFER_BYTES = PARAM_SLOT_BYTES;

/** Encodes one Train struct as the bytes writeBuffer sends. */
export function encodeTrainValues(values: TrainValues): ArrayBuffer {
  const bytes = new ArrayBuffer(TRAIN_PARAM_BYTES);
  const u32 = new Uint32Array(bytes);
  const f32 = new Float32Array(bytes);
  U32_FIELDS.forEach((field, i) => (u32[i] = values[field]));
  F32_FIELDS.forEach((field, i) => (f32[U32_FIELDS.length + i] = values[field]));
  return bytes;
}
