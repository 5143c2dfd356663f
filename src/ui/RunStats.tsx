import { useTandem } from '../store/tandem-store.ts';

/** α (acceptance rate), τ (tokens per target pass) and speed of the run in view. */
export function RunStats() {
  const stats = useTandem((state) => state.stats);
  const run = useTandem((state) => state.run);
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
      <span title="acceptance rate: accepted drafts / drafts the target judged">α {stats.acceptanceRate.toFixed(2)}</span>
      <span title="mean tokens per target pass">τ {stats.meanTokensPerPass.toFixed(2)}</span>
      <span>{stats.tokensPerSecond.toFixed(1)} tokens/s</span>
      <span>
        {stats.emittedTokens} tokens, {stats.acceptedTokens} accepted drafts, {stats.targetPasses} target passes
      </span>
    </p>
  );
}
