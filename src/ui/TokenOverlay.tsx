import type { OutputToken } from '../store/types.ts';
import { SOURCE_LABELS } from './token-labels.ts';

/**
 * The output, one span per token. Text goes in as React text nodes only (never innerHTML): a
 * token whose text is "<img …>" shows those characters. Steps alternate their shading
 * (data-step-parity) and the first token of each step carries a thin rule (data-step-start).
 */
export function TokenOverlay({ tokens, tail }: { tokens: readonly OutputToken[]; tail: string }) {
  return (
    <>
      {tokens.map((token, index) => (
        <span
          key={index}
          className={`tok tok-${token.source}`}
          data-source={token.source}
          data-token-id={token.id}
          data-step={token.step}
          data-step-parity={token.step % 2 === 0 ? 'even' : 'odd'}
          data-step-start={index === 0 || tokens[index - 1].step !== token.step ? '' : undefined}
          title={describeToken(token)}
        >
          {token.text}
        </span>
      ))}
      {tail && <span className="tok tok-tail">{tail}</span>}
    </>
  );
}

function describeToken(token: OutputToken): string {
  const base = `Step ${token.step + 1}: ${SOURCE_LABELS[token.source]}`;
  if (token.rejected.length === 0) return base;
  const rejected = token.rejected.map((r) => JSON.stringify(r.text)).join(', ');
  return `${base}; the drafter had proposed ${rejected}`;
}
