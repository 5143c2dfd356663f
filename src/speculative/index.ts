export type { CausalLM, DraftOptions, DraftResult, LogitsWanted, SamplingParams } from './causal-lm.ts';
export { GREEDY } from './causal-lm.ts';
export { generateAutoregressive } from './autoregressive.ts';
export { generateSpeculative, type SpeculativeOptions } from './speculative.ts';
export type { GenerateOptions } from './generate-options.ts';
export {
  createDraftPolicy,
  FixedDraftLength,
  HeuristicDraftLength,
  ConfidenceDraftLength,
  type DraftLengthPolicy,
  type DraftPolicyConfig,
  MAX_DRAFT_LENGTH,
} from './draft-policy.ts';
export type {
  EmittedToken,
  FinishReason,
  GenerationResult,
  GenerationStats,
  StepEvent,
  TokenSource,
} from './events.ts';
export { assertSameVocabulary } from './pair.ts';
export { seededRng, type Rng } from './rng.ts';
export type { StopConditions } from './stopping.ts';
