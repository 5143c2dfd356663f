import { describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINE_S, parseArgs, UsageError } from './args.ts';

describe('parseArgs', () => {
  it('reads every option, repeating --dawn', () => {
    expect(
      parseArgs([
        '--out',
        'o',
        '--quick',
        '--deadline-s',
        '120',
        '--dawn',
        'backend=vulkan',
        '--dawn',
        'x=y',
        '--kit-info',
        'k.json',
      ]),
    ).toEqual({
      out: 'o',
      quick: true,
      deadlineS: 120,
      dawnOptions: ['backend=vulkan', 'x=y'],
      kitInfo: 'k.json',
    });
    expect(parseArgs(['--out', 'o']).deadlineS).toBe(DEFAULT_DEADLINE_S);
  });

  it('refuses a missing --out, an unknown option, a missing value and a bad deadline', () => {
    expect(() => parseArgs([])).toThrow(/--out DIR is required/);
    expect(() => parseArgs(['--out', 'o', '--fast'])).toThrow(UsageError);
    expect(() => parseArgs(['--out', '--quick'])).toThrow(/--out needs a value/);
    expect(() => parseArgs(['--out', 'o', '--deadline-s', '-1'])).toThrow(/positive number/);
  });
});
