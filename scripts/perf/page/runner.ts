import type { CausalLM, SamplingParams } from '../../../src/speculative/causal-lm.ts';
import { generateAutoregressive } from '../../../src/speculative/autoregressive.ts';
import { createDraftPolicy, type DraftPolicyConfig } from '../../../src/speculative/draft-policy.ts';
import type { GenerationResult, StepEvent } from '../../../src/speculative/events.ts';
import { seededRng } from '../../../src/speculative/rng.ts';
import { generateSpeculative } from '../../../src/speculative/speculative.ts';
import { parsePolicySpec, policyLabel } from './policies.ts';
import { PAIRS, type MismatchInfo, type Pair, type PerfConfig, type SampleRecord } from './types.ts';

/**
 * The measurement loop, on any CausalLM pair (no DOM, no GPU of its own), so that it runs in the
 * perf Worker on the real engines and in Vitest on llama-cpu. Per pair: one warm-up sample through
 * every method (not recorded: first pipeline creation and JIT would count against whoever ran
 * first), then every prompt through autoregressive decoding and through each drafter × policy.
 */

export interface PerfModels {
  target: CausalLM;
  /** By drafter name: a language code for a per-language drafter, any other name for a generic one. */
  drafters: ReadonlyMap<string, CausalLM>;
  /** Token ids of a Spec-Bench turn in the paper's prompt, BOS first. */
  encode(turn: string): number[];
  eosTokenIds: readonly number[];
  /** The self-check's near-tie ε, when the target has one. */
  nearTieEpsilon: number | null;
}

interface Method {
  label: string;
  drafter: string;
  policy: DraftPolicyConfig;
  crossDomain: boolean;
}

/** Label of the per-language drafter's rows: the same row across pairs although the model differs. */
export const SPECIALIZED = 'specialized';

export function isPair(name: string): name is Pair {
  return (PAIRS as readonly string[]).includes(name);
}

/** The methods run on one pair's prompts. */
export function methodsFor(
  pair: Pair,
  drafterNames: readonly string[],
  policySpecs: readonly string[],
  matrix: boolean,
): Method[] {
  const policies = policySpecs.map(parsePolicySpec);
  const methods: Method[] = [];
  for (const name of drafterNames) {
    const crossDomain = isPair(name) && name !== pair;
    if (crossDomain && !matrix) continue;
    const row = isPair(name) ? SPECIALIZED : name;
    // Cross-domain runs use the first policy only: the matrix compares drafters, not policies.
    for (const policy of crossDomain ? policies.slice(0, 1) : policies) {
      methods.push({
        label: crossDomain ? `${name} drafter · ${policyLabel(policy)}` : `${row} · ${policyLabel(policy)}`,
        drafter: name,
        policy,
        crossDomain,
      });
    }
  }
  return methods;
}

export async function runPerfPairs(
  config: PerfConfig,
  models: PerfModels,
  log: (line: string) => void,
  onSample: (sample: SampleRecord) => void = () => {},
): Promise<SampleRecord[]> {
  const samples: SampleRecord[] = [];
  const record = (sample: SampleRecord): void => {
    samples.push(sample);
    onSample(sample);
  };
  const sampling: SamplingParams = { temperature: config.temperature, topP: 1 };
  const stop = { maxNewTokens: config.maxNewTokens, eosTokenIds: models.eosTokenIds };
  for (const pair of PAIRS) {
    const prompts = config.prompts[pair] ?? [];
    if (prompts.length === 0) continue;
    const methods = methodsFor(pair, [...models.drafters.keys()], config.policies, config.matrix);
    const run = (
      tokens: number[],
      method: Method | null,
      seed: number,
      lengths?: number[],
    ): Promise<GenerationResult> => {
      // Step 0 is the prefill's token (nothing drafted); every later step is one draft + verify.
      const onStep = lengths
        ? (e: StepEvent) => void (e.step > 0 && e.drafted.length > 0 && lengths.push(e.acceptedCount))
        : undefined;
      const options = { ...stop, sampling, rng: seededRng(seed), ...(onStep ? { onStep } : {}) };
      if (!method) return generateAutoregressive(models.target, tokens, options);
      const policy = createDraftPolicy(method.policy);
      return generateSpeculative(models.target, models.drafters.get(method.drafter)!, tokens, { ...options, policy });
    };
    log(`${pair}: warm-up (${methods.length + 1} methods, not counted)`);
    const warm = models.encode(prompts[0].turn);
    for (const method of [null, ...methods]) await run(warm, method, 0);

    for (const [index, prompt] of prompts.entries()) {
      const tokens = models.encode(prompt.turn);
      const base = { pair, questionId: prompt.questionId, promptTokens: tokens.length };
      const ar = await run(tokens, null, index);
      record({
        ...base,
        ...measure(ar, []),
        method: 'autoregressive',
        drafter: null,
        policy: null,
        crossDomain: false,
        matchesAutoregressive: null,
      });
      for (const method of methods) {
        const lengths: number[] = [];
        const spec = await run(tokens, method, index, lengths);
        const sample: SampleRecord = {
          ...base,
          ...measure(spec, lengths),
          method: method.label,
          drafter: method.drafter,
          policy: policyLabel(method.policy),
          crossDomain: method.crossDomain,
          matchesAutoregressive: null,
        };
        // At T=1 the two outputs are draws from the same distribution, not equal strings.
        if (config.temperature === 0) {
          sample.matchesAutoregressive = sameTokens(spec.tokens, ar.tokens);
          if (!sample.matchesAutoregressive)
            sample.mismatch = await classifyMismatch(models, tokens, ar.tokens, spec.tokens);
        }
        record(sample);
      }
      log(`${pair}: sample ${index + 1}/${prompts.length} (${prompt.questionId}) ${ar.tokens.length} tokens`);
    }
  }
  return samples;
}

function measure(result: GenerationResult, acceptedLengths: number[]) {
  const s = result.stats;
  return {
    outputTokens: result.tokens,
    tokensPerSecond: s.tokensPerSecond,
    tau: s.meanTokensPerPass,
    alpha: s.acceptanceRate,
    draftMs: s.draftMs,
    verifyMs: s.verifyMs,
    prefillMs: s.prefillMs,
    totalMs: s.totalMs,
    targetPasses: s.targetPasses,
    acceptedLengths,
  };
}

function sameTokens(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Where greedy outputs part, a fresh target pass over the common prefix says how far apart the two
 * tokens' logits are: below the self-check's ε it is a reduction-order flip between the batched
 * verify kernel and the one-token decode kernel (the web-llm target), not a loop bug.
 */
export async function classifyMismatch(
  models: Pick<PerfModels, 'target' | 'nearTieEpsilon'>,
  prompt: readonly number[],
  ar: readonly number[],
  spec: readonly number[],
): Promise<MismatchInfo> {
  let position = 0;
  while (position < ar.length && position < spec.length && ar[position] === spec[position]) position++;
  const autoregressiveToken = ar[position] ?? -1;
  const speculativeToken = spec[position] ?? -1;
  let gap: number | null = null;
  if (autoregressiveToken >= 0 && speculativeToken >= 0) {
    await models.target.reset();
    const [row] = await models.target.append([...prompt, ...ar.slice(0, position)], 'last');
    gap = Math.abs(row[autoregressiveToken] - row[speculativeToken]);
    await models.target.reset();
  }
  const nearTie = gap === null || models.nearTieEpsilon === null ? null : gap < models.nearTieEpsilon;
  return { position, autoregressiveToken, speculativeToken, gap, nearTie };
}
