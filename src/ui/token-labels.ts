import type { TokenSource } from '../speculative/events.ts';

/** Words for each provenance: the legend, tooltips and screen readers use the same ones. */
export const SOURCE_LABELS: Record<TokenSource, string> = {
  accepted: 'accepted draft',
  correction: 'target correction',
  bonus: 'bonus token',
  target: 'target token',
};

/** How each provenance is marked besides its tint, so that colour is never the only cue. */
export const SOURCE_MARKS: Record<TokenSource, string> = {
  accepted: 'solid underline',
  correction: 'bold, wavy underline',
  bonus: 'dotted underline',
  target: 'no underline',
};
