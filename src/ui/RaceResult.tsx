import { useTandem } from '../store/tandem-store.ts';
import { speedupWords } from './speedup-words.ts';

/** The race's verdict: measured tokens/s of both lanes and their ratio. */
export function RaceResult() {
  const result = useTandem((state) => state.raceResult);
  const run = useTandem((state) => state.run);
  if (!result) {
    if (run === 'done')
      return <p className="race-result">The race was stopped before both runs finished: no speedup measured.</p>;
    return null;
  }
  const { autoregressive, speculative, speedup } = result;
  const words = speedupWords(speedup);
  return (
    <p className="race-result" data-testid="race-result" data-speedup={speedup}>
      <strong>{words.figure}</strong> {words.verdict}: {speculative.tokensPerSecond.toFixed(1)} vs{' '}
      {autoregressive.tokensPerSecond.toFixed(1)} tokens/s ({speculative.emittedTokens} and{' '}
      {autoregressive.emittedTokens} tokens).
    </p>
  );
}
