import { useId } from 'react';
import { TEMPERATURE_RANGE, TOP_P_RANGE } from '../store/settings-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { NumberField } from './NumberField.tsx';
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
      <NumberField
        label="Temperature"
        value={temperature}
        min={TEMPERATURE_RANGE.min}
        max={TEMPERATURE_RANGE.max}
        step={0.05}
        disabled={!sampling}
        onCommit={setTemperature}
      />
      <NumberField
        label="Top-p"
        value={topP}
        min={TOP_P_RANGE.min}
        max={TOP_P_RANGE.max}
        step={0.05}
        disabled={!sampling}
        onCommit={setTopP}
      />
    </fieldset>
  );
}
