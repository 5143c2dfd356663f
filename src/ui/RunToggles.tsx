import { useTandem } from '../store/tandem-store.ts';

/** Race mode and the inline view of rejected drafts: two switches, each a plain checkbox. */
export function RunToggles() {
  const race = useTandem((state) => state.race);
  const showRejected = useTandem((state) => state.showRejected);
  const noDrafter = useTandem((state) => state.drafter === 'none');
  const setRace = useTandem((state) => state.setRace);
  const setShowRejected = useTandem((state) => state.setShowRejected);
  return (
    <div className="setting toggles">
      <label className="choice" title={noDrafter ? 'A race needs a drafter' : undefined}>
        <input
          type="checkbox"
          checked={race}
          disabled={noDrafter}
          onChange={(event) => setRace(event.target.checked)}
        />
        Race against autoregressive
      </label>
      <label className="choice">
        <input type="checkbox" checked={showRejected} onChange={(event) => setShowRejected(event.target.checked)} />
        Show rejected drafts inline
      </label>
    </div>
  );
}
