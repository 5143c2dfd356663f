import type { CausalLM, DraftResult, SamplingParams } from './causal-lm.ts';
import type { DraftLengthPolicy } from './draft-policy.ts';
import { argmax, isGreedy, sampleFromDistribution, samplingDistribution, softmax } from './sampling.ts';

export interface DraftRequest {
  /** Tokens the drafter has not fed yet (one, or two after a fully accepted step). */
  prefix: readonly number[];
  maxLength: number;
  sampling: SamplingParams;
  /** One uniform per possible draft position, drawn up front so every drafter path uses the same stream. */
  uniforms: readonly number[];
  policy: DraftLengthPolicy;
}

export interface Draft extends DraftResult {
  /** Drafter calls made (one for a fast-path draft(), one per token otherwise). */
  calls: number;
}

/**
 * Proposes up to `maxLength` tokens. A drafter with `draft()` proposes them in one call and the
 * policy cuts the draft after the first unsure token; otherwise tokens are drafted one
 * `append` at a time and drafting stops there. The last proposed token is never fed.
 */
export async function proposeDraft(drafter: CausalLM, request: DraftRequest): Promise<Draft> {
  if (request.maxLength <= 0) return { tokens: [], confidences: [], calls: 0 };
  if (drafter.draft) return draftInOneCall(drafter, request);
  return draftTokenByToken(drafter, request);
}

async function draftInOneCall(drafter: CausalLM, request: DraftRequest): Promise<Draft> {
  const result = await drafter.draft!(request.prefix, request.maxLength, {
    sampling: request.sampling,
    uniforms: isGreedy(request.sampling) ? undefined : request.uniforms.slice(0, request.maxLength),
  });
  let kept = result.tokens.length;
  for (let i = 0; i < result.tokens.length - 1; i++) {
    if (!request.policy.continueAfter(result.confidences[i], i)) {
      kept = i + 1;
      break;
    }
  }
  // The engine fed every proposed token but the last; un-feed the ones the policy dropped.
  if (kept < result.tokens.length) await drafter.truncate(drafter.length - (result.tokens.length - kept));
  return {
    tokens: result.tokens.slice(0, kept),
    confidences: result.confidences.slice(0, kept),
    distributions: result.distributions?.slice(0, kept),
    calls: 1,
  };
}

async function draftTokenByToken(drafter: CausalLM, request: DraftRequest): Promise<Draft> {
  const greedy = isGreedy(request.sampling);
  const tokens: number[] = [];
  const confidences: number[] = [];
  const distributions: Float32Array[] = [];
  let feed: readonly number[] = request.prefix;
  for (let i = 0; i < request.maxLength; i++) {
    const [row] = await drafter.append(feed, 'last');
    let token: number;
    let confidence: number;
    if (greedy) {
      token = argmax(row);
      confidence = softmax(row)[token];
    } else {
      const q = samplingDistribution(row, request.sampling);
      token = sampleFromDistribution(q, request.uniforms[i]);
      confidence = q[token];
      distributions.push(q);
    }
    tokens.push(token);
    confidences.push(confidence);
    if (!request.policy.continueAfter(confidence, i)) break;
    feed = [token];
  }
  return { tokens, confidences, distributions: greedy ? undefined : distributions, calls: tokens.length };
}
