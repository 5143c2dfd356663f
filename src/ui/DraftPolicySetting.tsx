import { useId, type ChangeEvent } from 'react';
import { MAX_DRAFT_LENGTH } from '../store/settings-slice.ts';
import { useTandem } from '../store/tandem-store.ts';
import { NumberField } from './NumberField.tsx';
import type { DraftPolicyChoice } from '../store/types.ts';

const POLICIES: { value: DraftPolicyChoice; label: string }[] = [
  { value: 'heuristic', label: 'Heuristic (Hugging Face: +2 after a full accept, −1 otherwise)' },
  { value: 'confidence', label: 'Confidence (draft while the drafter is sure)' },
  { value: 'fixed', label: 'Fixed γ' },
];

/** How many tokens the drafter proposes per step; γ applies to the fixed policy. */
export function DraftPolicySetting() {
  const policy = useTandem((state) => state.draftPolicy);
  const draftLength = useTandem((state) => state.draftLength);
  const noDrafter = useTandem((state) => state.drafter === 'none');
  const setDraftPolicy = useTandem((state) => state.setDraftPolicy);
  const setDraftLength = useTandem((state) => state.setDraftLength);
  const policyId = useId();
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const found = POLICIES.find((p) => p.value === event.target.value);
    if (found) setDraftPolicy(found.value);
  };
  return (
    <fieldset className="setting" disabled={noDrafter}>
      <legend>Draft length</legend>
      <label htmlFor={policyId}>Policy</label>
      <select id={policyId} value={policy} onChange={onChange}>
        {POLICIES.map(({ value, label }) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <NumberField
        label="γ (tokens per draft)"
        value={draftLength}
        min={1}
        max={MAX_DRAFT_LENGTH}
        step={1}
        integer
        disabled={policy !== 'fixed'}
        onCommit={setDraftLength}
      />
    </fieldset>
  );
}
