import { useDeferredValue } from 'react';
import { useTandem } from '../../store/tandem-store.ts';
import { PositionAcceptanceChart } from './PositionAcceptanceChart.tsx';
import { RaceProgressChart } from './RaceProgressChart.tsx';
import { StepTimeChart } from './StepTimeChart.tsx';
import { TokensPerPassChart } from './TokensPerPassChart.tsx';
import './demo.css';

/**
 * The run as pictures, updated with every target pass. The charts read deferred copies of the
 * pass records, so React draws them after the overlay when passes arrive faster than frames.
 */
export function RunCharts() {
  const passes = useDeferredValue(useTandem((state) => state.passes));
  const racePasses = useDeferredValue(useTandem((state) => state.racePasses));
  const race = useTandem((state) => state.mode === 'race');
  const shown = useTandem((state) => state.chartsShown);
  if (!shown || (passes.length === 0 && racePasses.length === 0)) return null;
  return (
    <section className="run-charts" aria-label="Run charts" data-testid="run-charts">
      <TokensPerPassChart passes={passes} />
      <PositionAcceptanceChart passes={passes} />
      <StepTimeChart passes={passes} />
      {race && <RaceProgressChart speculative={passes} autoregressive={racePasses} />}
    </section>
  );
}
