import { InvalidArgumentError } from '../errors.ts';
import type { CausalLM } from './causal-lm.ts';
import type { DraftLengthPolicy } from './draft-policy.ts';
import { proposeDraft } from './drafting.ts';
import type { GenerationResult } from './events.ts';
import { assertTokensInVocabulary, resolveOptions, type GenerateOptions } from './generate-options.ts';
import { assertSameVocabulary } from './pair.ts';
import { chooseToken, isGreedy } from './sampling.ts';
import { StatsRecorder } from './stats.ts';
import { OutputAccumulator } from './stopping.ts';
import { verifyGreedy, verifyStochastic, type Verdict } from './verify.ts';

export interface SpeculativeOptions extends GenerateOptions {
  policy: DraftLengthPolicy;
}

/**
 * Speculative decoding: the drafter proposes γ tokens, the target scores [last token, d1..dγ] in
 * one pass, the longest acceptable prefix plus one target token is emitted, and both KV caches are
 * cut back to what was kept.
 *
 * Cache invariant at the top of every step, with C = committed tokens (prompt + output):
 *   target.length  = C − 1            (the newest token is fed with the next verify pass)
 *   drafter.length = C − pending.length (`pending` = committed tokens the drafter has not fed)
 * Greedy output equals generateAutoregressive's token for token; sampled output follows the same
 * distribution.
 */
export async function generateSpeculative(
  target: CausalLM,
  drafter: CausalLM,
  prompt: readonly number[],
  options: SpeculativeOptions,
): Promise<GenerationResult> {
  assertSameVocabulary(target, drafter);
  const opts = resolveOptions(prompt, options);
  assertTokensInVocabulary(prompt, target.vocabSize);
  const { now, sampling, rng } = opts;
  const { policy } = options;
  const greedy = isGreedy(sampling);
  const stats = new StatsRecorder(now);
  const output = new OutputAccumulator(opts);
  policy.reset();

  // Prefill: the target's last prompt row gives the first token, as in autoregressive decoding.
  await target.reset();
  await drafter.reset();
  let t0 = now();
  const [firstRow] = await target.append(prompt, 'last');
  await drafter.append(prompt, 'none');
  stats.recordPrefill(now() - t0);
  const first = output.push([{ id: chooseToken(firstRow, sampling, rng), source: 'target' }]);
  stats.recordStep({ drafted: 0, accepted: 0, emitted: first.length, draftMs: 0, verifyMs: 0, drafterCalls: 0 });
  opts.onStep?.({
    step: 0,
    drafted: [],
    acceptedCount: 0,
    rejected: [],
    emitted: first,
    timing: { draftMs: 0, verifyMs: 0 },
    stats: stats.snapshot(),
  });

  let pending: number[] = output.tokens.slice(-1);
  for (let step = 1; !output.done; step++) {
    if (opts.signal?.aborted) {
      output.abort();
      break;
    }
    const newest = output.tokens[output.tokens.length - 1];
    const committedBeforeStep = target.length + 1;
    // Never draft more than the output can still take: the step adds accepted + 1 tokens.
    const maxLength = Math.max(0, Math.min(policy.maxDraftLength(), output.remaining - 1));
    const uniforms = greedy ? [] : Array.from({ length: maxLength }, () => rng());

    t0 = now();
    const draft = await proposeDraft(drafter, { prefix: pending, maxLength, sampling, uniforms, policy });
    const draftMs = now() - t0;
    if (!greedy && draft.tokens.length > 0 && draft.distributions?.length !== draft.tokens.length) {
      throw new InvalidArgumentError('the drafter returned no distributions; sampled verification needs them');
    }

    t0 = now();
    const rows = await target.append([newest, ...draft.tokens], 'all');
    const verifyMs = now() - t0;

    const verdict: Verdict = greedy
      ? verifyGreedy(draft.tokens, rows)
      : verifyStochastic(draft.tokens, draft.distributions ?? [], rows, sampling, rng);
    const accepted = verdict.acceptedCount;
    const drafted = draft.tokens.length;
    if (drafted > 0) policy.observe(drafted, accepted);

    // Keep [newest, accepted drafts] in the target; the new token is fed next step.
    if (accepted < drafted) await target.truncate(committedBeforeStep + accepted);
    const newToken = verdict.emitted[accepted].id;
    if (drafted === 0) {
      pending = [...pending, newToken];
    } else if (accepted < drafted) {
      await drafter.truncate(committedBeforeStep + accepted);
      pending = [newToken];
    } else {
      // The drafter never fed its last proposal; it and the bonus are both still to be fed.
      pending = [draft.tokens[drafted - 1], newToken];
    }

    const emitted = output.push(verdict.emitted);
    stats.recordStep({ drafted, accepted, emitted: emitted.length, draftMs, verifyMs, drafterCalls: draft.calls });
    opts.onStep?.({
      step,
      drafted: draft.tokens,
      acceptedCount: accepted,
      rejected: draft.tokens.slice(accepted),
      emitted,
      timing: { draftMs, verifyMs },
      stats: stats.snapshot(),
    });
  }
  return {
    tokens: output.tokens,
    sources: output.sources,
    finishReason: output.finishReason!,
    stats: stats.snapshot(),
  };
}
