/** Command line of `npm run check:target -- <model url> [--model-lib <url>] [--browser <path>] …`. */

export interface CheckTargetArgs {
  modelUrl: string;
  modelLib: string;
  browser?: string;
  headed: boolean;
  dtype?: 'f16' | 'f32';
  timeoutMs: number;
}

export const USAGE = `usage: npm run check:target -- <model url> [options]

Loads an MLC model (e.g. Vicuna-7B v1.3 q4f16_1) with web-llm in Chromium/Chrome on this machine's
GPU and runs Tandem's self-check: batch_verify vs one-by-one decode vs after kv_state_popn.

  <model url>          absolute URL of the MLC folder (…/resolve/main/ is added when missing),
                       or a local MLC folder, served by the check itself
  --model-lib <url>    the compiled model library (.wasm, URL or local file); default: web-llm 0.2.86's Llama-2-7B
                       library for the quantization in the model URL (q4f16_1 or q4f32_1)
  --browser <path>     Chrome/Chromium executable (default: $CHROMIUM_PATH, $CHROME_PATH,
                       Playwright's Chromium, the system's, then @sparticuz/chromium: SwiftShader only)
  --headed             show the browser window (some GPU drivers expose WebGPU only there)
  --dtype f16|f32      compute dtype for the thresholds (default: from the URLs)
  --timeout <minutes>  give up after this long (default 30; the first load downloads ~4 GB)

Exit status: 0 speculation on, 1 speculation off, 2 the check could not run.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `defaultLib(quantization)` gives the registry's library for q4f16_1 / q4f32_1. */
export function parseCheckTargetArgs(
  argv: readonly string[],
  defaultLib: (quantization: string) => string | undefined,
): CheckTargetArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'headed' || name === 'help') {
      flags.set(name, true);
      continue;
    }
    if (!['model-lib', 'browser', 'dtype', 'timeout'].includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  if (flags.has('help')) throw new UsageError('');
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? 'the model URL is missing' : `one model URL expected, got ${positional.length}`,
    );
  const modelUrl = positional[0];
  const quantization = /q4f(16|32)_1/.exec(modelUrl)?.[0];
  const modelLib =
    (flags.get('model-lib') as string | undefined) ?? (quantization ? defaultLib(quantization) : undefined);
  if (!modelLib) {
    throw new UsageError(
      'cannot tell the quantization from the model URL (no q4f16_1 / q4f32_1 in it): pass --model-lib <url>',
    );
  }
  const dtype = flags.get('dtype') as string | undefined;
  if (dtype !== undefined && dtype !== 'f16' && dtype !== 'f32')
    throw new UsageError(`--dtype must be f16 or f32, got ${dtype}`);
  const minutes = Number(flags.get('timeout') ?? 30);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--timeout must be a positive number of minutes`);
  const result: CheckTargetArgs = { modelUrl, modelLib, headed: flags.has('headed'), timeoutMs: minutes * 60_000 };
  const browser = flags.get('browser');
  if (typeof browser === 'string') result.browser = browser;
  if (dtype) result.dtype = dtype;
  return result;
}
