import { useTandem } from '../../store/tandem-store.ts';
import { PositionAcceptanceChart } from './PositionAcceptanceChart.tsx';
import { RaceProgressChart } from './RaceProgressChart.tsx';
import { StepTimeChart } from './StepTimeChart.tsx';
import { TokensPerPassChart } from './TokensPerPassChart.tsx';
import { useThrottled } from './use-throttled.ts';
import './demo.css';

/** How often the charts redraw at most while passes stream in, ms. */
const REDRAW_MS = 150;

/**
 * The run as pictures, updated as target passes arrive: at most every REDRAW_MS, so a fast run
 * (or a replay) spends its frames on the overlay, and the charts catch up with the last pass.
 */
export function RunCharts() {
  const passes = useThrottled(
    useTandem((state) => state.passes),
    REDRAW_MS,
  );
  const racePasses = useThrottled(
    useTandem((state) => state.racePasses),
    REDRAW_MS,
  );
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
