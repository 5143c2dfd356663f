import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { DRAFTERS } from '../registry/drafters.ts';
import { webLlmTarget, WEBLLM_TARGETS } from '../registry/webllm-targets.ts';
import raw from './catalogue.json';
import { HUB_CATALOGUE, hubWebLlmRow, matchesPattern, parseHubCatalogue } from './catalogue.ts';
import { HUB_BASE, repoPageUrl, resolveUrl, treeUrl } from './hub-url.ts';

const webllmLib = readFileSync(createRequire(import.meta.url).resolve('@mlc-ai/web-llm/lib/index.js'), 'utf8');

/** web-llm's own prebuilt record for a model_id, read from the pinned package's source. */
function prebuilt(modelId: string) {
  const at = webllmLib.indexOf(`model_id: "${modelId}",`);
  expect(at, `web-llm lists ${modelId}`).toBeGreaterThan(0);
  const record = webllmLib.slice(
    webllmLib.lastIndexOf('{', at),
    webllmLib.indexOf('},', webllmLib.indexOf('overrides', at)),
  );
  const prefix = /const modelLibURLPrefix = "([^"]+)"/.exec(webllmLib)![1]!;
  const version = /const modelVersion = "([^"]+)"/.exec(webllmLib)![1]!;
  return {
    model: /model: "([^"]+)"/.exec(record)![1]!,
    lib: prefix + version + /"(\/[^"]+\.wasm)"/.exec(record)![1]!,
    vram: Number(/vram_required_MB: ([\d.]+)/.exec(record)![1]),
    context: Number(/context_window_size: (\d+)/.exec(record)![1]),
    features: /required_features: \[([^\]]*)\]/.exec(record)?.[1] ?? '',
  };
}

describe('the Hub catalogue', () => {
  const rows = [...HUB_CATALOGUE.drafters, ...HUB_CATALOGUE.webllm, ...HUB_CATALOGUE.conversions];

  it('names a repository and a revision for every row, and every URL it makes is absolute', () => {
    expect(rows.length).toBe(7);
    for (const row of rows) {
      expect(row.revision, row.id).not.toBe('');
      for (const url of [repoPageUrl(HUB_BASE, row.repo), treeUrl(HUB_BASE, row.repo, row.revision)])
        expect(new URL(url).protocol).toBe('https:');
      expect(resolveUrl(HUB_BASE, row.repo, row.revision, 'config.json')).toMatch(
        new RegExp(`^https://huggingface.co/${row.repo}/resolve/${row.revision}/config.json$`),
      );
    }
    for (const target of WEBLLM_TARGETS)
      for (const build of target.builds) expect(new URL(build.modelLib).protocol, build.modelId).toBe('https:');
  });

  it('lists the drafters of the issue, each a registry drafter', () => {
    expect(HUB_CATALOGUE.drafters.map((d) => [d.id, d.repo])).toEqual([
      ['vicuna-68m', 'double7/vicuna-68m'],
      ['llama-160m', 'JackFram/llama-160m'],
    ]);
    for (const row of HUB_CATALOGUE.drafters) expect(DRAFTERS.some((d) => d.id === row.id)).toBe(true);
  });

  it('matches web-llm 0.2.86’s own prebuilt records: repository, library, memory, context, features', () => {
    for (const row of HUB_CATALOGUE.webllm) {
      for (const targetId of row.targets) {
        const target = webLlmTarget(targetId);
        const build = target.builds.find((b) => b.quantization === row.quantization)!;
        const record = prebuilt(build.modelId);
        expect(record.model).toBe(`https://huggingface.co/${row.repo}`);
        expect(build.modelPath).toBe(`${record.model}/resolve/main/`);
        expect(build.modelLib).toBe(record.lib);
        expect(build.vramRequiredMB).toBe(record.vram);
        expect(target.contextWindowSize).toBe(record.context);
        expect(build.requiredFeatures.length > 0).toBe(record.features.includes('shader-f16'));
        expect(hubWebLlmRow(targetId, row.quantization)).toBe(row);
      }
      expect(row.paperTarget).toBe(false);
      expect(row.about).toMatch(/Not the paper's target/);
      expect(row.about).toMatch(/accept less/);
    }
  });

  it('says that Vicuna-7B needs the conversion and links the guide', () => {
    const [vicuna] = HUB_CATALOGUE.conversions;
    expect(vicuna).toMatchObject({ target: 'vicuna-7b-v1.3', guide: 'docs/webllm-target.md', paperTarget: true });
    expect(readFileSync(new URL(`../../../${vicuna!.guide}`, import.meta.url), 'utf8')).toMatch(
      /mlc_llm convert_weight/,
    );
  });

  it('refuses a malformed row, naming it and the field', () => {
    const broken = structuredClone(raw) as unknown as { drafters: Record<string, unknown>[] };
    broken.drafters[0]!.repo = 'not a repo';
    expect(() => parseHubCatalogue(broken)).toThrow('catalogue drafter "vicuna-68m": repo must be a Hub repository id');
    const noRevision = structuredClone(raw) as unknown as { webllm: Record<string, unknown>[] };
    noRevision.webllm[0]!.revision = '';
    expect(() => parseHubCatalogue(noRevision)).toThrow(/revision must be a non-empty string/);
  });

  it('matches shard globs within a folder only', () => {
    expect(matchesPattern('params_shard_12.bin', 'params_shard_*.bin')).toBe(true);
    expect(matchesPattern('sub/params_shard_1.bin', 'params_shard_*.bin')).toBe(false);
    expect(matchesPattern('params_shard_1.binx', 'params_shard_*.bin')).toBe(false);
  });
});
