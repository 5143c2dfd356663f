import type { CausalLM } from './causal-lm.ts';
import type { GenerationResult } from './events.ts';
import { assertTokensInVocabulary, resolveOptions, type GenerateOptions } from './generate-options.ts';
import { chooseToken } from './sampling.ts';
import { StatsRecorder } from './stats.ts';
import { OutputAccumulator } from './stopping.ts';

/**
 * Plain autoregressive decoding of the target: the baseline every speedup is measured against.
 * One target pass per token, logits only for the last position, the same sampling and stop rules
 * as the speculative loop, and no work the speculative loop does not also do.
 */
export async function generateAutoregressive(
  target: CausalLM,
  prompt: readonly number[],
  options: GenerateOptions,
): Promise<GenerationResult> {
  const opts = resolveOptions(prompt, options);
  assertTokensInVocabulary(prompt, target.vocabSize);
  const { now, sampling, rng } = opts;
  const stats = new StatsRecorder(now);
  const output = new OutputAccumulator(opts);

  await target.reset();
  let t0 = now();
  let [row] = await target.append(prompt, 'last');
  stats.recordPrefill(now() - t0);
  let passMs = 0; // the prefill pass is timed as prefill, later passes as verify

  for (let step = 0; ; step++) {
    const emitted = output.push([{ id: chooseToken(row, sampling, rng), source: 'target' }]);
    stats.recordStep({
      drafted: 0,
      accepted: 0,
      emitted: emitted.length,
      draftMs: 0,
      verifyMs: passMs,
      drafterCalls: 0,
    });
    const timing = { draftMs: 0, verifyMs: passMs };
    opts.onStep?.({ step, drafted: [], acceptedCount: 0, rejected: [], emitted, timing, stats: stats.snapshot() });
    if (!output.done && opts.signal?.aborted) output.abort();
    if (output.done) break;
    t0 = now();
    [row] = await target.append([output.tokens[output.tokens.length - 1]], 'last');
    passMs = now() - t0;
  }
  return {
    tokens: output.tokens,
    sources: output.sources,
    finishReason: output.finishReason!,
    stats: stats.snapshot(),
  };
}
