import { describe, expect, it } from 'vitest';
import { timeoutMessage } from './timeout.ts';

describe('timeoutMessage', () => {
  it('says where a slow check was and what it had measured, with the loaded web-llm', () => {
    const message = timeoutMessage(30 * 60_000, {
      webllm: '0.2.86 (runtime for libraries under https://x/web-llm-models/v0_2_86/base/)',
      lastStep: 'self-check: the 40-token prompt through decode, one token at a time',
      measured: ['  verify-vs-decode   rows 6  max |Δlogit| 0.01     argmax agree 6/6'],
    });
    expect(message).toBe(
      [
        'the check did not finish within 30 min (--timeout).',
        'web-llm: 0.2.86 (runtime for libraries under https://x/web-llm-models/v0_2_86/base/)',
        'It was at: self-check: the 40-token prompt through decode, one token at a time.',
        'Measured before the timeout:',
        '  verify-vs-decode   rows 6  max |Δlogit| 0.01     argmax agree 6/6',
      ].join('\n'),
    );
    expect(
      timeoutMessage(60_000, { webllm: null, lastStep: 'loading: Fetching param cache[3/107]', measured: [] }),
    ).toMatch(/It was at: loading: Fetching param cache\[3\/107\]\.\nNothing was measured yet\.$/);
  });
});
