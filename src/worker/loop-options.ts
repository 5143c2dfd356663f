import { GREEDY, type SamplingParams } from '../speculative/causal-lm.ts';
import { createDraftPolicy, type DraftLengthPolicy, type DraftPolicyConfig } from '../speculative/draft-policy.ts';
import { DEMO_MAX_NEW_TOKENS, type TranslateRequest } from '../protocol/protocol.ts';

/** What the spec loop needs from a request, apart from the prompt and the models. */
export interface LoopOptions {
  maxNewTokens: number;
  sampling: SamplingParams;
  /** Null for the autoregressive lane: nothing is drafted. */
  policy: DraftLengthPolicy | null;
}

/** The paper's code used Hugging Face's heuristic; it is the default when the page sends none. */
export const DEFAULT_DRAFT_POLICY: DraftPolicyConfig = { kind: 'heuristic' };

/** Maps a request to loop options for one lane. Invalid values throw the spec core's typed errors. */
export function loopOptions(request: TranslateRequest, lane: 'speculative' | 'autoregressive'): LoopOptions {
  return {
    maxNewTokens: request.maxNewTokens ?? DEMO_MAX_NEW_TOKENS,
    sampling: request.sampling ?? GREEDY,
    policy: lane === 'speculative' ? createDraftPolicy(request.draftPolicy ?? DEFAULT_DRAFT_POLICY) : null,
  };
}
