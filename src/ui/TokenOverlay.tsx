import { Fragment, memo, type ReactNode } from 'react';
import type { OutputToken } from '../store/types.ts';
import { SOURCE_LABELS } from './token-labels.ts';

interface TokenOverlayProps {
  tokens: readonly OutputToken[];
  tail: string;
  /** Show each step's rejected drafts inline (struck through, before the correction). */
  showRejected?: boolean;
}

/**
 * Tokens per block. Tokens only ever append, so every block but the last is final: it never
 * renders again, and a step costs the last block's render, not the whole output's (a 1 024-token
 * run re-rendered every earlier token on every step, which made long outputs janky).
 */
const BLOCK = 64;

/**
 * The output, one span per token. Text goes in as React text nodes only (never innerHTML): a
 * token whose text is "<img …>" shows those characters. Steps alternate their shading
 * (data-step-parity) and the first token of each step carries a thin rule (data-step-start).
 * Sentence and paragraph breaks are plain text before a token (the pane keeps whitespace).
 */
export function TokenOverlay({ tokens, tail, showRejected = false }: TokenOverlayProps) {
  const blocks: ReactNode[] = [];
  for (let start = 0; start < tokens.length; start += BLOCK) {
    blocks.push(
      <TokenBlock
        key={start}
        tokens={tokens.slice(start, start + BLOCK)}
        start={start}
        previousStep={start === 0 ? null : tokens[start - 1].step}
        showRejected={showRejected}
      />,
    );
  }
  return (
    <>
      {blocks}
      {tail && <span className="tok tok-tail">{tail}</span>}
    </>
  );
}

interface TokenBlockProps {
  tokens: readonly OutputToken[];
  /** Index of the block's first token in the output. */
  start: number;
  /** The step of the token before the block (null at the start): decides the first one's step rule. */
  previousStep: number | null;
  showRejected: boolean;
}

/** A block is the same while it holds the same token objects (the store never changes a token). */
const TokenBlock = memo(
  function TokenBlock({ tokens, start, previousStep, showRejected }: TokenBlockProps) {
    return tokens.map((token, index) => {
      const before = index === 0 ? previousStep : tokens[index - 1].step;
      return (
        // biome-ignore lint/suspicious/noArrayIndexKey: tokens only ever append, so an index names one token for good
        <Fragment key={start + index}>
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
            data-step-start={before === null || before !== token.step ? '' : undefined}
            title={describeToken(token)}
          >
            {token.text}
          </span>
        </Fragment>
      );
    });
  },
  (a, b) =>
    a.tokens.length === b.tokens.length &&
    a.tokens[0] === b.tokens[0] &&
    a.tokens.at(-1) === b.tokens.at(-1) &&
    a.start === b.start &&
    a.previousStep === b.previousStep &&
    a.showRejected === b.showRejected,
);

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
