import { describe, expect, it } from 'vitest';
import { speedupWords } from './speedup-words.ts';

describe('speedupWords', () => {
  it('says a gain as a speedup', () => {
    expect(speedupWords(1.72)).toEqual({
      figure: '1.72×',
      verdict: 'speedup over autoregressive',
      short: 'over autoregressive',
    });
  });

  it('never calls a slowdown a speedup: "0.58× (slower)", 1.72× slower', () => {
    const words = speedupWords(0.58);
    expect(`${words.figure} ${words.verdict}`).toBe('0.58× (slower): 1.72× slower than autoregressive');
    expect(`${words.figure} ${words.short}`).toBe('0.58× (slower) than autoregressive');
    expect(words.verdict).not.toContain('speedup');
  });
});
