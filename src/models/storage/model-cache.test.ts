import { describe, expect, it } from 'vitest';
import { MODELS_CACHE } from '../../pwa/pwa-options.ts';
import { MODEL_CACHE_NAME, modelFileUrl, modelIdOf } from './model-cache.ts';

describe('model cache keys', () => {
  it('uses the service worker’s cache, so either one finds what the other stored', () => {
    expect(MODEL_CACHE_NAME).toBe(MODELS_CACHE);
  });

  it('keys files by same-origin /models/<id>/<file> URLs', () => {
    const url = modelFileUrl('http://127.0.0.1:4173', 'tiny-drafter', 'onnx/model.onnx');
    expect(url).toBe('http://127.0.0.1:4173/models/tiny-drafter/onnx/model.onnx');
    expect(modelIdOf(url)).toBe('tiny-drafter');
    expect(modelIdOf('http://127.0.0.1:4173/ort/x.wasm')).toBeNull();
  });
});
