import { useEffect, useId, useMemo } from 'react';
import { catalogueRows } from '../models/storage/catalogue.ts';
import { useTandem } from '../store/tandem-store.ts';
import { ModelManagerAddUrl } from './ModelManagerAddUrl.tsx';
import { ModelManagerImport } from './ModelManagerImport.tsx';
import { ModelManagerRow } from './ModelManagerRow.tsx';
import { ModelManagerStorage } from './ModelManagerStorage.tsx';
import { RealPairs } from './RealPairs.tsx';
import './ModelManager.css';

/** The "Models" panel: every known model, its download and cache state, storage and import. */
export function ModelManager() {
  const userModels = useTandem((s) => s.userModels);
  const refreshModels = useTandem((s) => s.refreshModels);
  const rows = useMemo(() => catalogueRows(userModels), [userModels]);
  const headingId = useId();

  // What is cached can change behind our back (the service worker caches the demo when it runs).
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);

  return (
    <details
      className="model-manager"
      data-testid="model-manager"
      onToggle={(e) => e.currentTarget.open && void refreshModels()}
    >
      <summary>Models</summary>
      <ModelManagerStorage />
      <RealPairs />
      <h3 id={headingId} className="visually-hidden">
        Known models
      </h3>
      <ul className="model-list" aria-labelledby={headingId}>
        {rows.map((row) => (
          <ModelManagerRow key={row.key} row={row} />
        ))}
      </ul>
      <ModelManagerImport />
      <ModelManagerAddUrl />
    </details>
  );
}
