import { describe, expect, it } from 'vitest';
import { parsePerfArgs, UsageError } from './args.ts';

describe('parsePerfArgs', () => {
  it('defaults to the paper protocol in fixture mode', () => {
    const args = parsePerfArgs(['--fixtures']);
    expect(args).toMatchObject({
      fixtures: true,
      maxNewTokens: 1024,
      temperature: 0,
      matrix: false,
      port: 4180,
      policies: ['fixed:5', 'heuristic', 'confidence'],
      drafters: [],
      prompts: [],
      drafterEngine: 'llama-webgpu',
      browserArgs: [],
    });
    expect(args.samples).toBeUndefined();
    expect(args.target).toBeUndefined();
  });

  it('reads a real run: target, library, drafters, options in both --x v and --x=v forms', () => {
    const args = parsePerfArgs([
      '--target',
      'https://h/vicuna-q4f16_1-MLC',
      '--model-lib=https://h/lib.wasm',
      '--drafter',
      'de=/m/de',
      '--drafter',
      'generic=https://h/68m/',
      '--policies',
      'fixed:3, confidence:0.5',
      '--max-new-tokens',
      '64',
      '--samples',
      '3',
      '--temperature',
      '1',
      '--matrix',
      '--prompts',
      'a.jsonl',
      '--prompts',
      'dir',
      '--browser',
      '/opt/chrome',
      '--browser-arg',
      '--use-angle=vulkan',
      '--out',
      'o',
    ]);
    expect(args.target).toEqual({ modelUrl: 'https://h/vicuna-q4f16_1-MLC', modelLib: 'https://h/lib.wasm' });
    expect(args.drafters).toEqual([
      { name: 'de', location: '/m/de' },
      { name: 'generic', location: 'https://h/68m/' },
    ]);
    expect(args.policies).toEqual(['fixed:3', 'confidence:0.5']);
    expect(args).toMatchObject({
      maxNewTokens: 64,
      samples: 3,
      temperature: 1,
      matrix: true,
      prompts: ['a.jsonl', 'dir'],
      browser: '/opt/chrome',
      out: 'o',
    });
    expect(args.browserArgs).toEqual(['--use-angle=vulkan']);
  });

  it('takes the registry library for the quantization in the target URL', () => {
    const args = parsePerfArgs(
      ['--target', 'https://h/vicuna-7b-v1.3-q4f32_1-MLC', '--drafter', 'de=d'],
      (q) => `lib-${q}.wasm`,
    );
    expect(args.target!.modelLib).toBe('lib-q4f32_1.wasm');
  });

  it.each([
    [[], /--fixtures/],
    [['--target', 'u'], /--model-lib/],
    [['--fixtures', '--target', 'u', '--model-lib', 'l'], /exclude/],
    [['--target', 'u', '--model-lib', 'l'], /--drafter/],
    [['--fixtures', '--drafter', 'de'], /<name>=/],
    [['--fixtures', '--drafter', 'de=a', '--drafter', 'de=b'], /twice/],
    [['--fixtures', '--policies', 'fixed:0'], /\[1, 32\]/],
    [['--fixtures', '--policies', 'greedy'], /unknown policy/],
    [['--fixtures', '--temperature', '0.7'], /0 or 1/],
    [['--fixtures', '--samples', '0'], /positive integer/],
    [['--fixtures', '--max-new-tokens', 'many'], /positive integer/],
    [['--fixtures', '--bogus'], /unknown option --bogus/],
    [['--fixtures', '--out'], /needs a value/],
    [['--fixtures', 'stray'], /unexpected argument/],
    [['--fixtures', '--drafter-engine', 'onnx'], /llama-webgpu or llama-cpu/],
  ])('rejects %j', (argv, message) => {
    expect(() => parsePerfArgs(argv as string[])).toThrow(UsageError);
    expect(() => parsePerfArgs(argv as string[])).toThrow(message);
  });
});
