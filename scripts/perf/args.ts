import { parsePolicySpec } from './page/policies.ts';

/** Command line of `npm run perf -- [options]`. */

export interface PerfArgs {
  /** Spec-Bench jsonl files or folders; empty = the default Spec-Bench folder. */
  prompts: string[];
  fixtures: boolean;
  target?: { modelUrl: string; modelLib: string };
  /** name → folder or URL; names de/fr/ru/ja/zh are per-language, any other name is a generic drafter. */
  drafters: { name: string; location: string }[];
  policies: string[];
  maxNewTokens: number;
  /** Counted samples per pair; undefined = every prompt of the set. */
  samples?: number;
  temperature: 0 | 1;
  browser?: string;
  /** Extra browser flags (e.g. --use-angle=vulkan), repeatable. */
  browserArgs: string[];
  matrix: boolean;
  out?: string;
  port: number;
  headed: boolean;
  /** Drafter engine; llama-webgpu unless --drafter-engine llama-cpu. */
  drafterEngine: 'llama-webgpu' | 'llama-cpu';
}

export const USAGE = `usage: npm run perf -- [options]

Reproduces the paper's Table 1 in a real browser: per language pair (de fr ru ja zh → en),
autoregressive and speculative decoding of the same target on the same Spec-Bench prompts.

  --fixtures                 tiny fixture target (llama-cpu) + tiny drafter for every language:
                             runs anywhere, no real weights; a harness check, not a speed claim
  --target <url|folder>      MLC Vicuna-7B folder (URL or local folder); needs --model-lib
  --model-lib <url|file>     the compiled web-llm model library (.wasm); default: the registry's
                             library for the q4f16_1 / q4f32_1 named in the target
  --drafter <name>=<folder|url>  repeatable; name de|fr|ru|ja|zh = that pair's drafter,
                             any other name (e.g. generic) = a drafter run on every pair
  --drafter-engine <e>       llama-webgpu (default) or llama-cpu
  --policies <list>          comma-separated: fixed:<γ>, heuristic, confidence[:<t>] (default fixed:5,heuristic,confidence)
  --prompts <file|folder>    Spec-Bench jsonl (repeatable); default: $SPECBENCH_DIR, else data/specbench
                             (npm run data:specbench downloads it), else ../shared/data/specbench
  --max-new-tokens <n>       default 1024 (the paper's)
  --samples <n>              counted samples per pair (default: all); one more warm-up sample is run and not counted
  --temperature 0|1          default 0 (greedy)
  --matrix                   also run every per-language drafter on every language (writes matrix.md)
  --browser <path>           Chrome/Chromium executable (default: $CHROMIUM_PATH, $CHROME_PATH, Playwright's
                             Chromium, the system's, then @sparticuz/chromium: SwiftShader only)
  --browser-arg <flag>       extra browser flag, repeatable (e.g. --browser-arg=--use-angle=vulkan)
  --headed                   show the browser window
  --port <n>                 perf server port on 127.0.0.1 (default 4180; the next free one if taken)
  --out <dir>                default perf-results/<timestamp>/`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = new Set(['fixtures', 'matrix', 'headed', 'help']);
const VALUED = new Set([
  'prompts',
  'target',
  'model-lib',
  'drafter',
  'drafter-engine',
  'policies',
  'max-new-tokens',
  'samples',
  'temperature',
  'browser',
  'browser-arg',
  'out',
  'port',
]);

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** `defaultLib(quantization)` gives the registry's library for q4f16_1 / q4f32_1 (as check:target does). */
export function parsePerfArgs(
  argv: readonly string[],
  defaultLib: (quantization: string) => string | undefined = () => undefined,
): PerfArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (FLAGS.has(name)) {
      flags.add(name);
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = inline ?? argv[++i];
    // A browser flag is itself "--…": only --browser-arg may take one as its value.
    if (value === undefined || (value.startsWith('--') && name !== 'browser-arg'))
      throw new UsageError(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (flags.has('help')) throw new UsageError('');
  const one = (name: string): string | undefined => {
    const all = values.get(name);
    if (all && all.length > 1) throw new UsageError(`--${name} given ${all.length} times`);
    return all?.[0];
  };

  const fixtures = flags.has('fixtures');
  const targetUrl = one('target');
  const quantization = targetUrl ? /q4f(16|32)_1/.exec(targetUrl)?.[0] : undefined;
  const modelLib = one('model-lib') ?? (quantization ? defaultLib(quantization) : undefined);
  if (fixtures && targetUrl) throw new UsageError('--fixtures and --target exclude each other');
  if (!fixtures && !targetUrl) throw new UsageError('pass --target <MLC model> --model-lib <library>, or --fixtures');
  if (targetUrl && !modelLib)
    throw new UsageError(
      '--target needs --model-lib <url or file> (no q4f16_1 / q4f32_1 in the target to pick the default)',
    );
  if (fixtures && values.has('model-lib')) throw new UsageError('--model-lib goes with --target, not --fixtures');

  const drafters = (values.get('drafter') ?? []).map((spec) => {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1)
      throw new UsageError(`--drafter takes <name>=<folder or url>, got "${spec}"`);
    return { name: spec.slice(0, eq), location: spec.slice(eq + 1) };
  });
  const names = drafters.map((d) => d.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new UsageError(`--drafter ${repeated} given twice`);
  if (!fixtures && drafters.length === 0) throw new UsageError('name at least one --drafter <lang>=<folder or url>');

  const policies = (one('policies') ?? 'fixed:5,heuristic,confidence')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (policies.length === 0) throw new UsageError('--policies is empty');
  for (const p of policies) {
    try {
      parsePolicySpec(p);
    } catch (error) {
      throw new UsageError(`--policies: ${(error as Error).message}`);
    }
  }

  const temperature = one('temperature') ?? '0';
  if (temperature !== '0' && temperature !== '1')
    throw new UsageError(`--temperature must be 0 or 1, got ${temperature}`);
  const engine = one('drafter-engine') ?? 'llama-webgpu';
  if (engine !== 'llama-webgpu' && engine !== 'llama-cpu')
    throw new UsageError(`--drafter-engine must be llama-webgpu or llama-cpu, got ${engine}`);

  const args: PerfArgs = {
    prompts: values.get('prompts') ?? [],
    fixtures,
    drafters,
    policies,
    maxNewTokens: positiveInteger('max-new-tokens', one('max-new-tokens') ?? '1024'),
    temperature: temperature === '1' ? 1 : 0,
    browserArgs: values.get('browser-arg') ?? [],
    matrix: flags.has('matrix'),
    port: positiveInteger('port', one('port') ?? '4180'),
    headed: flags.has('headed'),
    drafterEngine: engine,
  };
  if (targetUrl && modelLib) args.target = { modelUrl: targetUrl, modelLib };
  const samples = one('samples');
  if (samples !== undefined) args.samples = positiveInteger('samples', samples);
  const browser = one('browser');
  if (browser !== undefined) args.browser = browser;
  const out = one('out');
  if (out !== undefined) args.out = out;
  return args;
}
