import { useId } from 'react';
import { useTandem } from '../store/tandem-store.ts';
import type { DecodingChoice } from '../store/types.ts';

/** Greedy (the paper's protocol, lossless) or sampling with temperature and top-p. */
export function DecodingSetting() {
  const decoding = useTandem((state) => state.decoding);
  const temperature = useTandem((state) => state.temperature);
  const topP = useTandem((state) => state.topP);
  const setDecoding = useTandem((state) => state.setDecoding);
  const setTemperature = useTandem((state) => state.setTemperature);
  const setTopP = useTandem((state) => state.setTopP);
  const name = useId();
  const temperatureId = useId();
  const topPId = useId();
  const sampling = decoding === 'sample';
  const choice = (value: DecodingChoice, label: string) => (
    <label className="choice">
      <input type="radio" name={name} value={value} checked={decoding === value} onChange={() => setDecoding(value)} />
      {label}
    </label>
  );
  return (
    <fieldset className="setting">
      <legend>Decoding</legend>
      {choice('greedy', 'Greedy')}
      {choice('sample', 'Sample')}
      <label htmlFor={temperatureId}>Temperature</label>
      <input
        id={temperatureId}
        type="number"
        min={0.05}
        max={2}
        step={0.05}
        value={temperature}
        disabled={!sampling}
        onChange={(event) => setTemperature(event.target.valueAsNumber)}
      />
      <label htmlFor={topPId}>Top-p</label>
      <input
        id={topPId}
        type="number"
        min={0.05}
        max={1}
        step={0.05}
        value={topP}
        disabled={!sampling}
        onChange={(event) => setTopP(event.target.valueAsNumber)}
      />
    </fieldset>
  );
}
