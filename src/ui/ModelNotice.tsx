import { useId } from 'react';
import { NO_MODELS_MESSAGE, selectNoModels } from '../store/selectors.ts';
import { useTandem } from '../store/tandem-store.ts';
import { FirstRunPair } from './FirstRunPair.tsx';

/** Says plainly that there is nothing to translate with yet. */
export function ModelNotice() {
  const noModels = useTandem(selectNoModels);
  const headingId = useId();
  if (!noModels) return null;
  return (
    <section className="model-notice" aria-labelledby={headingId} data-testid="model-notice">
      <h2 id={headingId}>
        <span className="info-badge" aria-hidden="true">
          i
        </span>
        No model yet
      </h2>
      <p>{NO_MODELS_MESSAGE}</p>
      <FirstRunPair />
    </section>
  );
}
