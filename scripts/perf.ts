import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { webLlmTarget } from '../src/models/registry/webllm-targets.ts';
import { PAIRS, type PerfConfig } from './perf/page/types.ts';
import { parsePerfArgs, USAGE, UsageError, type PerfArgs } from './perf/args.ts';
import { launchBrowser, locationUrl, runInPage, servePerfPage, type LocalFiles } from './perf/browser.ts';
import { defaultOutDir, writePerfOutputs } from './perf/output.ts';
import { loadPerfPrompts } from './perf/prompts.ts';

/**
 * npm run perf -- [options]: the paper's Table 1 in a real browser. See docs/perf.md and USAGE.
 * Exit status: 0 done and lossless, 1 greedy mismatches that are not near-ties, 2 the run failed.
 */

function configOf(args: PerfArgs, origin: string, local: LocalFiles, prompts: PerfConfig['prompts']): PerfConfig {
  const base = {
    policies: args.policies,
    prompts,
    maxNewTokens: args.maxNewTokens,
    temperature: args.temperature,
    matrix: args.matrix,
    drafterEngine: args.drafterEngine,
  };
  if (args.fixtures) {
    // The tiny fixture drafter stands in for every language (one engine, loaded once).
    const fixtureDrafters = PAIRS.map((name) => ({ name, url: `${origin}/models/tiny-drafter/` }));
    const extra = args.drafters.map((d, i) => ({
      name: d.name,
      url: locationUrl(d.location, `drafter${i}`, origin, local),
    }));
    const names = new Set(extra.map((d) => d.name));
    return {
      ...base,
      target: { kind: 'fixture', url: `${origin}/models/tiny-target/` },
      drafters: [...fixtureDrafters.filter((d) => !names.has(d.name)), ...extra],
    };
  }
  const t = args.target!;
  return {
    ...base,
    // web-llm reads every file under …/resolve/main/.
    target: {
      kind: 'webllm',
      modelUrl: locationUrl(t.modelUrl, 'target', origin, local, 'resolve/main/'),
      modelLib: locationUrl(t.modelLib, 'lib', origin, local),
    },
    drafters: args.drafters.map((d, i) => ({
      name: d.name,
      url: locationUrl(d.location, `drafter${i}`, origin, local),
    })),
  };
}

async function main(argv: string[]): Promise<number> {
  let args: PerfArgs;
  try {
    args = parsePerfArgs(
      argv,
      (q) => webLlmTarget('vicuna-7b-v1.3').builds.find((b) => b.quantization === q)?.modelLib,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
    return 2;
  }
  const prompts = await loadPerfPrompts(args.prompts, args.samples);
  const out = resolve(args.out ?? defaultOutDir());
  const local: LocalFiles = new Map();
  let server: ViteDevServer | undefined;
  let browser: Browser | undefined;
  try {
    const served = await servePerfPage(args.port, local);
    server = served.server;
    const config = configOf(args, served.origin, local, prompts);
    const counts = PAIRS.map((p) => `${p} ${prompts[p]?.length ?? 0}`).join(', ');
    console.log(`perf page at ${served.origin}/scripts/perf/page/perf.html; prompts per pair: ${counts}`);
    browser = await launchBrowser({
      browser: args.browser,
      browserArgs: args.browserArgs,
      headed: args.headed,
      realGpu: !args.fixtures,
    });
    // Every sample as it finishes: what survives if the run dies; removed once the reports are written.
    mkdirSync(out, { recursive: true });
    const progress = join(out, 'progress.jsonl');
    rmSync(progress, { force: true });
    console.log(`samples stream to ${progress} until the run ends`);
    const onSample = (sample: unknown) => appendFileSync(progress, `${JSON.stringify(sample)}\n`);
    const result = await runInPage(browser, served.origin, config, (line) => console.log(`  ${line}`), onSample);
    const written = await writePerfOutputs(out, config, result, args.fixtures);
    rmSync(progress, { force: true });
    const l = written.summary.losslessness;
    console.log(`\nadapter: ${result.adapter}${result.fallbackAdapter ? ' (software fallback)' : ''}`);
    console.log(`\n${written.table}\n`);
    console.log(
      l.compared === 0
        ? 'losslessness: not compared (T=1)'
        : `losslessness: ${l.mismatches} mismatches in ${l.compared} compared samples${l.nearTies ? ` (${l.nearTies} near-ties)` : ''}`,
    );
    for (const line of l.lines) console.log(`  ${line}`);
    console.log(`\nwrote ${written.files.join(', ')}`);
    if (args.fixtures) console.log('(fixture run: a check of the harness, not a speed claim)');
    return l.mismatches - l.nearTies > 0 ? 1 : 0;
  } finally {
    await browser?.close();
    await server?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as Error;
    console.error(`perf failed: ${e.name}: ${e.message}`);
    process.exit(2);
  },
);
