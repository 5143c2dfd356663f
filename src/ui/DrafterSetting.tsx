import { formatSize } from '../format.ts';
import { useId, type ChangeEvent } from 'react';
import { DRAFTERS, type DrafterEntry } from '../models/registry/drafters.ts';
import { languageName } from '../models/language-names.ts';
import { selectDrafterEntry, selectResolvedSource } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';

/**
 * Which drafter: the registry's for the source language, or none (plain autoregressive
 * decoding). The registry's drafters are listed but not installed, so the demo's tiny drafter
 * stands in; the line below says which one a real run would use.
 */
export function DrafterSetting() {
  const drafter = useTandem((state) => state.drafter);
  const setDrafter = useTandem((state) => state.setDrafter);
  const entry = useTandem(selectDrafterEntry);
  const cachedBytes = useTandem((state) => state.cachedBytes);
  const source = useTandem(selectResolvedSource);
  // Imported models can draft for a real pair (Model: an installed target); the demo keeps its own.
  const userModels = useTandem((state) => state.userModels);
  const imported = drafter.startsWith('user:') ? userModels.find((m) => `user:${m.id}` === drafter) : undefined;
  const id = useId();
  const infoId = useId();
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    if (value === 'auto' || value === 'none') setDrafter(value);
    else if (value.startsWith('user:')) setDrafter(value as `user:${string}`);
  };
  return (
    <div className="setting">
      <label htmlFor={id}>Drafter</label>
      <select id={id} value={drafter} onChange={onChange} aria-describedby={infoId}>
        <option value="auto">By source language</option>
        <option value="none">None (autoregressive)</option>
        <optgroup label="Registry (not installed)">
          {DRAFTERS.map((d) => (
            <option key={d.id} value={d.id} disabled>
              {d.name} — not installed
            </option>
          ))}
        </optgroup>
        {userModels.length > 0 && (
          <optgroup label="Imported (drafter of an installed target)">
            {userModels.map((m) => (
              <option key={m.id} value={`user:${m.id}`}>
                {m.folder} (imported)
              </option>
            ))}
          </optgroup>
        )}
        {drafter.startsWith('user:') && !imported && (
          <option value={drafter}>{drafter.slice('user:'.length)} (no longer imported)</option>
        )}
      </select>
      <span
        id={infoId}
        className="drafter-info"
        data-testid="drafter-info"
        data-drafter={drafter.startsWith('user:') ? drafter : (entry?.id ?? drafter)}
      >
        {drafter.startsWith('user:')
          ? `Drafts with ${imported ? `${imported.folder} (imported, ${imported.format})` : drafter} when Model is an installed target; the demo keeps its own drafter.`
          : entry
            ? describeEntry(entry, cachedBytes, source)
            : drafter === 'none'
              ? 'No drafter: the target writes every token itself.'
              : 'The drafter is picked once the source language is known.'}
      </span>
    </div>
  );
}

function describeEntry(
  entry: DrafterEntry,
  cachedBytes: Readonly<Record<string, number>>,
  source: string | null,
): string {
  const size = `${formatSize(entry.sizeBytes)} ${entry.format}`;
  const installed = (id: string) => (cachedBytes[id] ?? 0) > 0;
  const generic = DRAFTERS.find((d) => d.sourceLanguage === null && installed(d.id));
  const status = installed(entry.id)
    ? 'installed'
    : generic
      ? `not installed, so ${generic.name} drafts for a real pair (the demo keeps its own drafter)`
      : 'not installed, so a real pair decodes without a drafter (the demo keeps its own drafter)';
  const noOwn =
    entry.sourceLanguage === null && source !== null ? `There is no ${languageName(source)} drafter, so this ` : '';
  return `${noOwn}${noOwn ? 'would' : 'Would'} use ${entry.name} (${entry.id}, ${size}, ${entry.runtime}): ${status}.`;
}
