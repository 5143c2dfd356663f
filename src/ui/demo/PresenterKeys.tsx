import { PRESENTER_KEYS } from './presenter-keys.ts';

/** The presenter's keys, listed from the same table the key handler reads. */
export function PresenterKeys({ id }: { id: string }) {
  return (
    <section className="presenter-keys" id={id} aria-label="Presenter keys" data-testid="presenter-keys">
      <h3>Keys</h3>
      <dl>
        {PRESENTER_KEYS.map((entry) => (
          <div key={entry.shown} style={{ display: 'contents' }}>
            <dt>
              <kbd>{entry.shown}</kbd>
            </dt>
            <dd>{entry.does}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
