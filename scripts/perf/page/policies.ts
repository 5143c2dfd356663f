import { createDraftPolicy, MAX_DRAFT_LENGTH, type DraftPolicyConfig } from '../../../src/speculative/draft-policy.ts';

/**
 * Draft-length policies as the command line names them: `fixed:5`, `heuristic`, `confidence` or
 * `confidence:0.4`. Shared by the argument parser (which rejects bad specs before a browser starts)
 * and the perf worker (which builds the policies).
 */
export function parsePolicySpec(spec: string): DraftPolicyConfig {
  const [kind, value, extra] = spec.trim().split(':');
  const number = (): number => {
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n))
      throw new Error(`policy "${spec}" needs a number after the colon`);
    return n;
  };
  if (extra !== undefined) throw new Error(`policy "${spec}" has too many parts`);
  switch (kind) {
    case 'fixed': {
      const draftLength = number();
      if (!Number.isInteger(draftLength) || draftLength < 1 || draftLength > MAX_DRAFT_LENGTH) {
        throw new Error(`policy "${spec}": γ must be an integer in [1, ${MAX_DRAFT_LENGTH}] (the loop's draft cap)`);
      }
      return { kind: 'fixed', draftLength };
    }
    case 'heuristic':
      if (value !== undefined) throw new Error(`policy "heuristic" takes no value`);
      return { kind: 'heuristic', max: MAX_DRAFT_LENGTH };
    case 'confidence':
      return value === undefined ? { kind: 'confidence' } : { kind: 'confidence', threshold: number() };
    default:
      throw new Error(`unknown policy "${spec}": use fixed:<γ>, heuristic or confidence[:<threshold>]`);
  }
}

/** The row label of a policy in the table: the policy's own name, so defaults are stated once (src/speculative). */
export function policyLabel(config: DraftPolicyConfig): string {
  return createDraftPolicy(config).name;
}
