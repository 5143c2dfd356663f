import { formatMB } from '../format.ts';
import type { Persistence } from '../models/storage/storage-estimate.ts';
import { useTandem } from '../store/tandem-store.ts';

const PERSISTENCE_TEXT: Record<Persistence | 'unknown', string> = {
  unknown: '',
  persisted: 'Models are kept: the browser will not clear them to free space.',
  'not-persisted': 'Not granted: the browser may clear models when disk space runs low.',
  unsupported: 'This browser cannot keep storage persistently.',
};

/** The storage line (navigator.storage.estimate) and the persistent-storage request. */
export function ModelManagerStorage() {
  const figures = useTandem((s) => s.storageFigures);
  const persistence = useTandem((s) => s.persistence);
  const requestPersistence = useTandem((s) => s.requestPersistence);
  return (
    <div className="model-storage">
      <p data-testid="storage-line">
        {figures
          ? `${formatMB(figures.usage)} used of ${formatMB(figures.quota)} available`
          : 'Storage use is not known in this browser.'}
      </p>
      <button type="button" onClick={() => void requestPersistence()} disabled={persistence === 'persisted'}>
        Keep models when the browser clears space
      </button>
      <p data-testid="persistence-result" aria-live="polite">
        {PERSISTENCE_TEXT[persistence]}
      </p>
    </div>
  );
}
