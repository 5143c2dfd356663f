import type { RowDiff } from './parity-compare.ts';

/** The data this check reports (apart from the check, so the renderers need not import it). */
export type Precision = 'f32' | 'f16';

export interface ParityStep extends RowDiff {
  model: string;
  precision: Precision;
  step: string;
  passed: boolean;
}

export interface DraftParity {
  model: string;
  precision: Precision;
  context: number;
  k: number;
  gpuTokens: number[];
  cpuTokens: number[];
  confidenceMaxDiff: number;
  /** Relative logits difference of one append after the draft: the cache holds what it should. */
  afterRelative: number;
  submits: number;
  readbacks: number;
  passed: boolean;
}

export interface ParityData {
  relativeTolerance: number;
  confidenceTolerance: number;
  f16Path: string;
  models: { name: string; shape: string; weights: string }[];
  steps: ParityStep[];
  drafts: DraftParity[];
  /** Informative: the f16 path's logits against the f32 reference (the cost of f16 weights). */
  f16VsF32: ({ model: string } & RowDiff)[];
}
