import type { Timing } from './measure.ts';

/** The data this check reports (apart from the check, so the renderers need not import it). */
export interface PassTimes {
  decode: Timing;
  verify: { k: number; tokens: number; timing: Timing }[];
}

export interface TargetRun {
  layers: number;
  buildS: number;
  gpuBufferGB: number;
  passes: PassTimes;
}

export interface TargetData {
  shape: string;
  label: string;
  precision: 'f32' | 'f16';
  context: number;
  reps: number;
  webllm: string;
  runs: TargetRun[];
  /** The whole model from the 1- and 2-layer runs: t₁ + (L − 1)(t₂ − t₁), wall and GPU. */
  estimate: PassTimes | null;
  /** 'measured', or why the whole model was not. */
  full: string;
  /** What section 5 (speedup) uses: the measured whole model when it ran, else the estimate. */
  used: 'measured' | 'estimate' | null;
}
