import type { Pair, SampleRecord } from './page/types.ts';

/** A sample record with defaults, for the report writers' tests. */
export function sample(
  pair: Pair,
  method: string,
  tokensPerSecond: number,
  extra: Partial<SampleRecord> = {},
): SampleRecord {
  const speculative = method !== 'autoregressive';
  return {
    pair,
    questionId: `${pair}_1`,
    method,
    drafter: speculative ? pair : null,
    policy: speculative ? (method.split(' · ')[1] ?? null) : null,
    crossDomain: false,
    promptTokens: 10,
    outputTokens: [5, 6, 7],
    tokensPerSecond,
    tau: speculative ? 3 : 1,
    alpha: speculative ? 0.7 : 0,
    draftMs: speculative ? 2 : 0,
    verifyMs: 10,
    prefillMs: 1,
    totalMs: 100,
    targetPasses: 3,
    acceptedLengths: speculative ? [2, 0, 5] : [],
    matchesAutoregressive: speculative ? true : null,
    ...extra,
  };
}
