import { describe, expect, it } from 'vitest';
import { libraryIsCached, normalizeModelUrl } from '../../models/registry/webllm-urls.ts';
import { buildAppConfig } from './app-config.ts';

describe('web-llm app config', () => {
  it('adds resolve/main/ to a bare folder URL and keeps an explicit revision', () => {
    expect(normalizeModelUrl('https://h.example/u/vicuna')).toBe('https://h.example/u/vicuna/resolve/main/');
    expect(normalizeModelUrl('https://h.example/u/vicuna/resolve/v2')).toBe('https://h.example/u/vicuna/resolve/v2/');
    expect(normalizeModelUrl('/models/vicuna/resolve/main/', 'http://127.0.0.1:5173/app')).toBe(
      'http://127.0.0.1:5173/models/vicuna/resolve/main/',
    );
  });

  it('refuses relative URLs without a base and non-http schemes', () => {
    expect(() => normalizeModelUrl('models/vicuna')).toThrow(/not an absolute http\(s\) URL/);
    expect(() => normalizeModelUrl('file:///models/vicuna')).toThrow(/must be http\(s\)/);
  });

  it('builds a one-model AppConfig with the context window override and cache backend', () => {
    const config = buildAppConfig({
      modelUrl: 'https://h.example/v/resolve/main/',
      modelLib: 'https://h.example/lib.wasm',
      modelId: 'v',
      requiredFeatures: ['shader-f16'],
      contextWindowSize: 2048,
      cacheBackend: 'indexeddb',
    });
    expect(config).toEqual({
      cacheBackend: 'indexeddb',
      model_list: [
        {
          model: 'https://h.example/v/resolve/main/',
          model_id: 'v',
          model_lib: 'https://h.example/lib.wasm',
          required_features: ['shader-f16'],
          overrides: { context_window_size: 2048 },
        },
      ],
    });
  });

  it('knows web-llm never caches localhost or relative libraries', () => {
    expect(libraryIsCached('https://raw.githubusercontent.com/x.wasm')).toBe(true);
    expect(libraryIsCached('http://localhost:8000/x.wasm')).toBe(false);
    expect(libraryIsCached('/libs/x.wasm')).toBe(false);
  });
});
