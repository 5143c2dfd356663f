import { HUB_CATALOGUE, hubDrafterRow } from '../hub/catalogue.ts';
import { browserHubBase, repoPageUrl } from '../hub/hub-url.ts';
import { webLlmModelUrl } from '../hub/plan.ts';
import { DRAFTERS } from '../registry/drafters.ts';
import { webLlmTarget, WEBLLM_TARGETS } from '../registry/webllm-targets.ts';
import type { UserModel } from './user-models.ts';
import { webLlmCacheId, type WebLlmLocation } from './webllm-cache.ts';

/** One file of a downloadable row: stored under /models/<modelId>/<name>, fetched from url. */
export interface CatalogueFile {
  modelId: string;
  name: string;
  url: string;
}

/** One row of the model manager: a registry entry, the demo pair, or a user's imported model. */
export interface ManagedModel {
  key: string;
  name: string;
  kind: 'target' | 'drafter' | 'demo' | 'user';
  sizeBytes: number | null;
  format: string;
  runtime: string;
  /** The /models/<id>/ folders whose cached bytes belong to this row (a web-llm target: its webLlmCacheId). */
  modelIds: string[];
  download: { available: true; files: CatalogueFile[] } | { available: false; reason: string };
  /** A web-llm target: its files live in web-llm's own caches (webllm-cache.ts), not in Tandem's. */
  webllm?: WebLlmLocation;
  /** A model added by URL: the folder it came from. */
  sourceUrl?: string;
  /** A row of the Hub catalogue (hub/catalogue.json): downloaded, checked and installed from there. */
  hub?: { rowId: string; kind: 'drafter' | 'webllm'; repo: string; pageUrl: string; licence: string; about: string };
}

// The demo pair's files, as generated into public/models/ at build time (scripts write the same list).
const DEMO_FILES = [
  'config.json',
  'generation_config.json',
  'model.safetensors',
  'onnx/model.onnx',
  'tokenizer.json',
  'tokenizer_config.json',
];
const DEMO_IDS = ['tiny-target', 'tiny-drafter'];

export const DEMO_ROW: ManagedModel = {
  key: 'demo',
  name: 'Demo — tiny random models (not a translator)',
  kind: 'demo',
  sizeBytes: 71_600_000, // both fixture folders, measured: 36.4 MB + 35.2 MB
  format: 'safetensors + ONNX',
  runtime: 'llama-webgpu / transformers.js',
  modelIds: DEMO_IDS,
  // The app's own URLs: downloading them works wherever the app is served, with nothing external.
  download: {
    available: true,
    files: DEMO_IDS.flatMap((id) => DEMO_FILES.map((name) => ({ modelId: id, name, url: `/models/${id}/${name}` }))),
  },
};

// web-llm downloads a target itself, when it is chosen under Model, from the build's folder on this site.
const TARGET_REASON =
  'the paper’s target: no public host has a current MLC build, so make it once with mlc_llm (docs/webllm-target.md in Tandem’s repository) and serve it from this site’s /models/…/resolve/main/ folder; web-llm loads it when you choose it under Model';
const DRAFTER_REASON =
  'made by the forge: the paper’s language-specific drafters were never published; it is installed once made, or when you import its folder';

/** Targets whose builds this site serves (Vicuna): web-llm fetches them itself. Hub builds are hubRows. */
function targetRows(): ManagedModel[] {
  return WEBLLM_TARGETS.filter((target) => target.builds.every((b) => b.modelPath.startsWith('/'))).flatMap((target) =>
    target.builds.map((build) => ({
      key: build.modelId,
      name: `${target.name} (${build.quantization})`,
      kind: 'target' as const,
      sizeBytes: build.weightsBytesApprox,
      format: `MLC ${build.quantization}`,
      runtime: target.runtime,
      modelIds: [webLlmCacheId(build.modelId)],
      webllm: { modelPath: build.modelPath, modelLib: build.modelLib },
      download: { available: false as const, reason: TARGET_REASON },
    })),
  );
}

function drafterRows(base: string): ManagedModel[] {
  return DRAFTERS.map((d) => {
    const hub = hubDrafterRow(d.id);
    if (hub) {
      return {
        key: d.id,
        name: d.name,
        kind: 'drafter' as const,
        sizeBytes: hub.approxBytes,
        format: `safetensors (${hub.weightsDtype ?? 'dtype from the file'}; F16 on GPUs with shader-f16)`,
        runtime: d.runtime,
        modelIds: [d.id],
        download: { available: false as const, reason: `from ${hub.repo} on Hugging Face` },
        hub: hubFacts(base, hub, 'drafter'),
      };
    }
    return {
      key: d.id,
      name: d.name,
      kind: 'drafter' as const,
      sizeBytes: d.sizeBytes,
      format: `${d.format} ${d.dtype}`,
      runtime: d.runtime,
      modelIds: [d.id],
      download: {
        available: false as const,
        reason: d.status === 'installed' ? 'installed with the app (public/models)' : DRAFTER_REASON,
      },
    };
  });
}

function hubFacts(
  base: string,
  row: { id: string; repo: string; licence: string; about: string },
  kind: 'drafter' | 'webllm',
): NonNullable<ManagedModel['hub']> {
  return {
    rowId: row.id,
    kind,
    repo: row.repo,
    pageUrl: repoPageUrl(base, row.repo),
    licence: row.licence,
    about: row.about,
  };
}

/** web-llm's prebuilt builds on the Hub: one row per weights repository, installed into web-llm's caches. */
function hubWebLlmRows(base: string): ManagedModel[] {
  return HUB_CATALOGUE.webllm.map((row) => {
    const build = webLlmTarget(row.targets[0]!).builds.find((b) => b.quantization === row.quantization)!;
    return {
      key: row.id,
      name: row.name,
      kind: 'target' as const,
      sizeBytes: row.approxBytes,
      format: `MLC ${row.quantization}`,
      runtime: 'webllm',
      modelIds: [webLlmCacheId(row.id)],
      webllm: { modelPath: webLlmModelUrl(base, row.repo), modelLib: build.modelLib },
      download: { available: false as const, reason: `from ${row.repo} on Hugging Face` },
      hub: hubFacts(base, row, 'webllm'),
    };
  });
}

function userRow(model: UserModel): ManagedModel {
  return {
    key: `user:${model.id}`,
    name: model.sourceUrl === undefined ? `${model.folder} (imported)` : `${model.folder} (added by URL)`,
    kind: 'user',
    sizeBytes: model.bytes,
    format: model.format,
    runtime: model.format === 'onnx' ? 'transformers.js' : 'llama-webgpu',
    modelIds: [model.id],
    download: {
      available: false,
      reason: model.sourceUrl === undefined ? 'imported from a local folder' : `downloaded from ${model.sourceUrl}`,
    },
    ...(model.sourceUrl === undefined ? {} : { sourceUrl: model.sourceUrl }),
  };
}

/**
 * Every row, in the order shown: the demo pair, targets (the Hub's builds, then Vicuna's), drafters,
 * then the user's models. `hubBase` is where the Hub rows' files come from: the real Hub, or in the
 * browser a fake Hub on 127.0.0.1 that a test named (hub/hub-url.ts).
 */
export function catalogueRows(userModels: readonly UserModel[], hubBase: string = browserHubBase()): ManagedModel[] {
  return [DEMO_ROW, ...hubWebLlmRows(hubBase), ...targetRows(), ...drafterRows(hubBase), ...userModels.map(userRow)];
}
