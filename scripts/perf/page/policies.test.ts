import { describe, expect, it } from 'vitest';
import { parsePolicySpec, policyLabel } from './policies.ts';
import { MAX_DRAFT_LENGTH } from '../../../src/speculative/draft-policy.ts';

describe('parsePolicySpec', () => {
  it('reads fixed, heuristic and confidence specs', () => {
    expect(parsePolicySpec('fixed:5')).toEqual({ kind: 'fixed', draftLength: 5 });
    expect(parsePolicySpec('heuristic')).toEqual({ kind: 'heuristic', max: MAX_DRAFT_LENGTH });
    expect(parsePolicySpec('confidence')).toEqual({ kind: 'confidence' });
    expect(parsePolicySpec(' confidence:0.3 ')).toEqual({ kind: 'confidence', threshold: 0.3 });
  });

  it.each(['fixed', 'fixed:33', 'fixed:2.5', 'heuristic:3', 'confidence:x', 'fixed:1:2', 'eagle'])(
    'rejects %s',
    (spec) => {
      expect(() => parsePolicySpec(spec)).toThrow();
    },
  );

  it('labels rows', () => {
    expect(['fixed:5', 'heuristic', 'confidence'].map((s) => policyLabel(parsePolicySpec(s)))).toEqual([
      'fixed γ=5',
      'heuristic (HF)',
      'confidence ≥ 0.4',
    ]);
  });
});
