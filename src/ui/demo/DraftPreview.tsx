import type { TranslateStep } from '../../store/types.ts';
import { useTandem } from '../../store/tandem-store.ts';

/** The pass's drafted tokens in order: the ones the target will accept, then those it will reject. */
export function draftedTexts(step: TranslateStep): string[] {
  const accepted = step.emitted.filter((token) => token.source === 'accepted').map((token) => token.text);
  return [...accepted, ...step.rejected.map((token) => token.text)];
}

/**
 * Slow motion: what the drafter proposed for the pass on show, before the target's verdict. Each
 * draft is boxed and marked "?" (undecided); the verdict then shows in the overlay (accepted
 * underlined, the correction bold and wavy, rejected drafts struck through).
 */
export function DraftPreview() {
  const step = useTandem((state) => state.draftPreview);
  return (
    <div aria-live="polite" data-testid="draft-preview-region">
      {step && (
        <p className="draft-preview" data-testid="draft-preview" data-step={step.step} data-drafted={step.draftLength}>
          <span className="draft-preview-label">
            Pass {step.step + 1}: the drafter proposes {step.draftLength}, the target checks…
          </span>
          {draftedTexts(step).map((text, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a pass's drafts never reorder
            <span key={index} className="draft-token" data-draft-position={index + 1}>
              {text}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
