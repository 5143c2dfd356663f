import { useTandem } from '../store/tandem-store.ts';
import { speedupWords } from './speedup-words.ts';

/**
 * α (acceptance rate), τ (tokens per target pass), speed, the current draft length and, once a
 * race has measured it, the speedup over autoregressive decoding.
 */
export function RunStats() {
  const stats = useTandem((state) => state.stats);
  const run = useTandem((state) => state.run);
  const draftLength = useTandem((state) => state.currentDraftLength);
  const speedup = useTandem((state) => state.knownSpeedup);
  const race = useTandem((state) => state.mode === 'race');
  if (!stats) return null;
  return (
    <p
      className="run-stats"
      data-testid="run-stats"
      data-run={run}
      data-accepted={stats.acceptedTokens}
      data-emitted={stats.emittedTokens}
      data-passes={stats.targetPasses}
    >
      <span title="acceptance rate: accepted drafts / drafts the target judged">
        α {stats.acceptanceRate.toFixed(2)}
      </span>
      <span title="mean tokens per target pass">τ {stats.meanTokensPerPass.toFixed(2)}</span>
      <span>{stats.tokensPerSecond.toFixed(1)} tokens/s</span>
      {draftLength !== null && (
        <span title="tokens drafted in the latest step" data-testid="draft-length">
          γ now {draftLength}
        </span>
      )}
      {speedup !== null && (
        <span title="measured by the latest race: speculative ÷ autoregressive tokens/s" data-testid="known-speedup">
          {`${speedupWords(speedup).figure} ${speedupWords(speedup).short}`}
          {race ? '' : ' (last race)'}
        </span>
      )}
      <span>
        {stats.emittedTokens} tokens, {stats.acceptedTokens} accepted drafts, {stats.targetPasses} target passes
      </span>
    </p>
  );
}
