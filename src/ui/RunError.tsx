import { describeRunError } from '../store/run-error.ts';
import { useTandem } from '../store/tandem-store.ts';
import './run-error.css';

/** A failed run, where the user is looking: in the output pane, in plain words, with what to do. */
export function RunError() {
  const error = useTandem((state) => (state.run === 'failed' ? state.runError : null));
  const partial = useTandem((state) => state.tokens.length > 0 || state.tail !== '');
  if (!error) return null;
  const words = describeRunError(error, partial);
  return (
    <div className="run-error" role="alert" data-testid="run-error" data-error={error.name}>
      <p className="run-error__title">{words.title}</p>
      <p>{words.message}</p>
      <p>What to do: {words.action}</p>
      <p className="run-error__detail">Details: {words.detail}</p>
    </div>
  );
}
