import { describe, expect, it } from 'vitest';
import { parseCheckTargetArgs, UsageError } from './args.ts';
import { probeLibrary, probeModel, UnreachableError } from './probe.ts';

const libs = (q: string): string | undefined => ({ q4f16_1: 'https://l/f16.wasm', q4f32_1: 'https://l/f32.wasm' })[q];

describe('check:target arguments', () => {
  it('takes the library for the quantization named in the model URL', () => {
    expect(parseCheckTargetArgs(['https://h/vicuna-7b-v1.3-q4f32_1-MLC'], libs)).toEqual({
      modelUrl: 'https://h/vicuna-7b-v1.3-q4f32_1-MLC',
      modelLib: 'https://l/f32.wasm',
      headed: false,
      timeoutMs: 30 * 60_000,
    });
  });

  it('reads --model-lib, --browser (both forms), --headed, --dtype and --timeout', () => {
    const args = parseCheckTargetArgs(
      [
        '--browser=/opt/chrome',
        'https://h/m',
        '--model-lib',
        'https://l/x.wasm',
        '--headed',
        '--dtype',
        'f32',
        '--timeout',
        '5',
      ],
      libs,
    );
    expect(args).toEqual({
      modelUrl: 'https://h/m',
      modelLib: 'https://l/x.wasm',
      browser: '/opt/chrome',
      headed: true,
      dtype: 'f32',
      timeoutMs: 300_000,
    });
  });

  it('says what is wrong with a bad command line', () => {
    const fails = (argv: string[]): string => {
      try {
        parseCheckTargetArgs(argv, libs);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(fails([])).toBe('the model URL is missing');
    expect(fails(['https://h/m'])).toMatch(/pass --model-lib/);
    expect(fails(['https://h/q4f16_1', '--model-lib'])).toBe('--model-lib needs a value');
    expect(fails(['https://h/q4f16_1', '--gpu', 'x'])).toBe('unknown option --gpu');
    expect(fails(['https://h/q4f16_1', '--dtype', 'f8'])).toMatch(/f16 or f32/);
    expect(fails(['a', 'b'])).toMatch(/one model URL expected, got 2/);
  });
});

function fakeFetch(routes: Record<string, number | string>): typeof fetch {
  return (async (url: string | URL | Request) => {
    const route = routes[String(url)];
    if (route === undefined) return new Response('not found', { status: 404 });
    return typeof route === 'number' ? new Response(null, { status: route }) : new Response(route, { status: 200 });
  }) as typeof fetch;
}

describe('check:target reachability probes', () => {
  const base = 'https://h/m/resolve/main/';

  it('accepts a folder with mlc-chat-config.json and tensor-cache.json', async () => {
    await expect(
      probeModel(base, fakeFetch({ [`${base}mlc-chat-config.json`]: '{}', [`${base}tensor-cache.json`]: 200 })),
    ).resolves.toBeUndefined();
  });

  it('names the missing config and hints at the folder layout', async () => {
    await expect(probeModel(base, fakeFetch({}))).rejects.toThrow(
      /mlc-chat-config.json answered HTTP 404: is .* the MLC folder/,
    );
  });

  it('spots an ndarray-cache.json that web-llm 0.2.86 would not read', async () => {
    const f = fakeFetch({ [`${base}mlc-chat-config.json`]: '{}', [`${base}ndarray-cache.json`]: 200 });
    await expect(probeModel(base, f)).rejects.toThrow(/reads tensor-cache.json: copy it to that name/);
  });

  it('fails with a clear message when the host cannot be reached at all', async () => {
    const error = await probeModel('http://127.0.0.1:9/m/resolve/main/', fetch, 5000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:9\/m\/resolve\/main\/mlc-chat-config\.json: /,
    );
  });

  it('checks the model library too', async () => {
    await expect(probeLibrary('https://l/x.wasm', fakeFetch({}))).rejects.toThrow(
      /model library https:\/\/l\/x.wasm answered HTTP 404/,
    );
  });
});
