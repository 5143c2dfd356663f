import { Fragment } from 'react';
import type { OutputToken } from '../store/types.ts';
import { SOURCE_LABELS } from './token-labels.ts';

interface TokenOverlayProps {
  tokens: readonly OutputToken[];
  tail: string;
  /** Show each step's rejected drafts inline (struck through, before the correction). */
  showRejected?: boolean;
}

/**
 * The output, one span per token. Text goes in as React text nodes only (never innerHTML): a
 * token whose text is "<img …>" shows those characters. Steps alternate their shading
 * (data-step-parity) and the first token of each step carries a thin rule (data-step-start).
 * Sentence and paragraph breaks are plain text before a token (the pane keeps whitespace).
 */
export function TokenOverlay({ tokens, tail, showRejected = false }: TokenOverlayProps) {
  return (
    <>
      {tokens.map((token, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: tokens only ever append, so an index names one token for good
        <Fragment key={index}>
          {token.before && (
            <span className="tok-break" data-break={token.before.includes('\n\n') ? 'paragraph' : 'sentence'}>
              {token.before}
            </span>
          )}
          {showRejected && token.rejected.length > 0 && <RejectedDrafts token={token} />}
          <span
            className={`tok tok-${token.source}`}
            data-source={token.source}
            data-token-id={token.id}
            data-step={token.step}
            data-paragraph={token.paragraph}
            data-step-parity={token.step % 2 === 0 ? 'even' : 'odd'}
            data-step-start={index === 0 || tokens[index - 1].step !== token.step ? '' : undefined}
            title={describeToken(token)}
          >
            {token.text}
          </span>
        </Fragment>
      ))}
      {tail && <span className="tok tok-tail">{tail}</span>}
    </>
  );
}

/** What the drafter had proposed where the target corrected it: struck through, never output. */
function RejectedDrafts({ token }: { token: OutputToken }) {
  return (
    <del className="tok-rejected" data-rejected-step={token.step} title="drafted, rejected by the target">
      {token.rejected.map((r) => r.text).join('')}
    </del>
  );
}

function describeToken(token: OutputToken): string {
  const base = `Step ${token.step + 1}: ${SOURCE_LABELS[token.source]}`;
  if (token.rejected.length === 0) return base;
  const rejected = token.rejected.map((r) => JSON.stringify(r.text)).join(', ');
  return `${base}; the drafter had proposed ${rejected}`;
}
