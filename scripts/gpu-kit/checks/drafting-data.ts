import type { Timing } from './measure.ts';

/** The data this check reports (apart from the check, so the renderers need not import it). */
export interface DraftingRow {
  k: number;
  /** One draft(k) call. */
  draft: Timing;
  /** k naive appends, together. */
  naive: Timing;
  draftSubmits: number;
  draftReadbacks: number;
  naiveSubmits: number;
  naiveReadbacks: number;
}

export interface DrafterCost {
  model: string;
  shape: string;
  label: string;
  parameters: number;
  precision: 'f32' | 'f16';
  buildS: number;
  gpuBufferMB: number;
  rows: DraftingRow[];
}

export interface DraftingData {
  context: number;
  reps: number;
  warmUp: number;
  drafters: DrafterCost[];
  transformersJs: string;
}
