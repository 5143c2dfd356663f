import { DecodingSetting } from './DecodingSetting.tsx';
import { DrafterSetting } from './DrafterSetting.tsx';
import { DraftPolicySetting } from './DraftPolicySetting.tsx';
import { MaxTokensInput } from './MaxTokensInput.tsx';
import { RunToggles } from './RunToggles.tsx';

/**
 * Every knob of a run, in a disclosure so the translator stays uncluttered (keyboard: Enter/Space).
 * Closed at first: a newcomer translates with the defaults before meeting draft policies.
 */
export function SettingsPanel() {
  return (
    <details className="settings">
      <summary>Settings</summary>
      <div className="settings-grid">
        <DrafterSetting />
        <DraftPolicySetting />
        <DecodingSetting />
        <MaxTokensInput />
        <RunToggles />
      </div>
    </details>
  );
}
