import { DecodingSetting } from './DecodingSetting.tsx';
import { DrafterSetting } from './DrafterSetting.tsx';
import { DraftPolicySetting } from './DraftPolicySetting.tsx';
import { MaxTokensInput } from './MaxTokensInput.tsx';
import { RunToggles } from './RunToggles.tsx';

/** Every knob of a run, in a disclosure so the translator stays uncluttered (keyboard: Enter/Space). */
export function SettingsPanel() {
  return (
    <details className="settings" open>
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
