import { DRAFTERS } from '../registry/drafters.ts';
import { WEBLLM_TARGETS } from '../registry/webllm-targets.ts';
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
  'downloaded by web-llm when you choose it under Model, from this site’s /models/…/resolve/main/ folder; no public host has the MLC build, so make it with mlc_llm (docs/webllm-target.md)';
const DRAFTER_REASON =
  'not available for download yet: the paper’s fine-tuned drafters are not published; import the folder if you have it';

function targetRows(): ManagedModel[] {
  return WEBLLM_TARGETS.flatMap((target) =>
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

function drafterRows(): ManagedModel[] {
  return DRAFTERS.map((d) => ({
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
  }));
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

/** Every row, in the order shown: the demo pair, targets, drafters, then the user's models. */
export function catalogueRows(userModels: readonly UserModel[]): ManagedModel[] {
  return [DEMO_ROW, ...targetRows(), ...drafterRows(), ...userModels.map(userRow)];
}
