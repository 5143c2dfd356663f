import { hubWebLlmRow } from '../models/hub/catalogue.ts';
import { WEBLLM_TARGETS } from '../models/registry/webllm-targets.ts';
import type { UserModel } from '../models/storage/user-models.ts';
import { webLlmCacheId } from '../models/storage/webllm-cache.ts';

/** A target the user has installed: a web-llm build in the model cache, or an imported model. */
export interface InstalledTarget {
  /** The PairSelection's target id. */
  id: string;
  label: string;
}

/** Installed targets, in the order shown: web-llm targets with a cached build, then imported models. */
export function installedTargets(
  userModels: readonly UserModel[],
  cachedBytes: Readonly<Record<string, number>>,
): InstalledTarget[] {
  const webllm = WEBLLM_TARGETS.flatMap((target) => {
    // In web-llm's own caches (the model manager's webllm:<id> rows: a build's modelId, or the Hub
    // catalogue row of its weights), or placed under /models/<modelId>/.
    const has = (id: string) => (cachedBytes[id] ?? 0) > 0;
    const stored = (modelId: string, quantization: string) => {
      const hub = hubWebLlmRow(target.id, quantization);
      return has(webLlmCacheId(modelId)) || has(modelId) || (hub !== undefined && has(webLlmCacheId(hub.id)));
    };
    const cached = target.builds.filter((b) => stored(b.modelId, b.quantization)).map((b) => b.quantization);
    return cached.length > 0
      ? [{ id: target.id, label: `${target.name} (web-llm; cached: ${cached.join(', ')})` }]
      : [];
  });
  const imported = userModels.map((m) => ({ id: `user:${m.id}`, label: `${m.folder} (imported, ${m.format})` }));
  return [...webllm, ...imported];
}

/**
 * web-llm targets with no build stored yet. Choosing one makes web-llm fetch the build that suits
 * the GPU (q4f16_1 or q4f32_1) from its folder on this site into its own cache, with progress; a
 * site that does not serve the folder gets a "not found" that names it (docs/webllm-target.md).
 */
export function downloadableTargets(cachedBytes: Readonly<Record<string, number>>): InstalledTarget[] {
  const installed = new Set(installedTargets([], cachedBytes).map((t) => t.id));
  // Builds on the Hub are downloaded (and checked) from the model manager, not fetched unchecked on choice.
  const servedHere = WEBLLM_TARGETS.filter((target) => target.builds.every((b) => b.modelPath.startsWith('/')));
  return servedHere
    .filter((target) => !installed.has(target.id))
    .map((target) => {
      const sizes = target.builds.map((b) => b.weightsBytesApprox / 1e9);
      const range = `${Math.min(...sizes).toFixed(1)}–${Math.max(...sizes).toFixed(1)} GB`;
      return { id: target.id, label: `${target.name} (web-llm, ${range}, downloaded when chosen)` };
    });
}
