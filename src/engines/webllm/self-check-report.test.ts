import { describe, expect, it } from 'vitest';
import { checkLogitsBinding } from './gpu-guard.ts';
import { compareRows, decide, type SelfCheckReport, type Thresholds } from './self-check.ts';
import { formatSelfCheckReport } from './self-check-report.ts';

const T: Thresholds = { tolerance: 0.5, epsilon: 0.25 };
const row = (...values: number[]): Float32Array => Float32Array.from(values);

function report(candidate: Float32Array[]): SelfCheckReport {
  const binding = checkLogitsBinding(1 << 30, 1024, 32000);
  const comparisons = [
    compareRows('verify-vs-decode', [row(0, 3.1, 3.0), row(0, 8, 1)], candidate, T),
    compareRows('prefill-vs-decode', [row(2, 1)], [row(2, 1)], T),
  ];
  return {
    ...decide(comparisons, binding, T),
    comparisons,
    binding,
    thresholds: T,
    timing: { verifyMs: 20, decodeMs: 50, tail: 2 },
  };
}

describe('the self-check report', () => {
  it('prints each comparison, near-tie flips as noise, timing and the verdict', () => {
    const text = formatSelfCheckReport(report([row(0, 3.0, 3.1), row(0, 8, 1)]), {
      modelUrl: 'https://example.org/vicuna/resolve/main/',
      gpu: 'nvidia ampere',
    });
    expect(text).toContain('  model      https://example.org/vicuna/resolve/main/');
    expect(text).toContain('  GPU        nvidia ampere');
    expect(text).toMatch(/verify-vs-decode\s+rows 2 {2}max \|Δlogit\| 0\.100\s+argmax agree 1\/2/);
    expect(text).toContain('    position 0: token 1 vs 2, top-2 gap 0.100 → near-tie (noise)');
    expect(text).toContain('Timing: one batch_verify of 2 tokens 20.0 ms, 2 decodes 50.0 ms (2.50x)');
    expect(text).toContain('Verdict: noise — speculation ON, prompt via prefill');
  });

  it('prints real disagreements in capitals and the OFF message', () => {
    const text = formatSelfCheckReport(report([row(0, 3.1, 3.0), row(0, 1, 8)]));
    expect(text).toContain('position 1: token 1 vs 2, top-2 gap 7.00 → DISAGREEMENT');
    expect(text).toMatch(/Verdict: disagree — speculation OFF/);
    expect(text).toMatch(/Speculative decoding is OFF for this model/);
  });
});
