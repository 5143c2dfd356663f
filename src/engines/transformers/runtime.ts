import { env } from '@huggingface/transformers';
import { DEFAULT_ORT_WASM_BASE, ORT_WASM_FILES } from './ort-files.ts';

/**
 * Process-wide settings of @huggingface/transformers (its `env` is a singleton), applied before any
 * model loads so that nothing can reach a network host:
 * - models only from local folders (Node) or same-origin paths (page): remote models off, and an
 *   absolute URL as model location is refused (by loadTransformersLM, and by the library anyway);
 * - the onnxruntime-web wasm binary from the app's own origin, never the CDN the library defaults to.
 */

export interface OfflineRuntimeOptions {
  /** Same-origin folder holding ORT_WASM_FILES (page only). */
  wasmBase?: string;
  /**
   * Keep fetched model files in the browser's Cache Storage ('transformers-cache') for later
   * offline loads. Off by default: a model rebuilt at the same path would otherwise be served stale.
   */
  browserCache?: boolean;
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

export function configureOfflineRuntime(options: OfflineRuntimeOptions = {}): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  // Fixture folders are rebuilt in place; a file cache would hand out the old bytes.
  env.useFSCache = false;
  env.useBrowserCache = !isNode && (options.browserCache ?? false);
  const wasm = env.backends.onnx.wasm;
  if (!isNode && wasm) {
    const base = new URL(options.wasmBase ?? DEFAULT_ORT_WASM_BASE, globalThis.location?.href).href;
    wasm.wasmPaths = { mjs: base + ORT_WASM_FILES[0], wasm: base + ORT_WASM_FILES[1] };
  }
}
