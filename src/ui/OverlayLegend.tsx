import type { TokenSource } from '../speculative/events.ts';
import { SOURCE_LABELS, SOURCE_MARKS } from './token-labels.ts';

const SHOWN: TokenSource[] = ['accepted', 'correction', 'bonus', 'target'];

/** What the tints and underlines in the output mean. */
export function OverlayLegend() {
  return (
    <ul className="overlay-legend" aria-label="Token legend" data-testid="overlay-legend">
      {SHOWN.map((source) => (
        <li key={source}>
          <span className={`tok tok-${source}`} data-legend={source}>
            {SOURCE_LABELS[source]}
          </span>{' '}
          <span className="legend-mark">({SOURCE_MARKS[source]})</span>
        </li>
      ))}
      <li>
        <span className="legend-step">shaded bands</span> <span className="legend-mark">= one target pass each</span>
      </li>
    </ul>
  );
}
