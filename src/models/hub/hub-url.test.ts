import { describe, expect, it } from 'vitest';
import { HUB_BASE, hubBase, resolveUrl, treeUrl } from './hub-url.ts';

describe('Hub addresses', () => {
  it('builds resolve and tree URLs at a revision', () => {
    expect(resolveUrl(HUB_BASE, 'double7/vicuna-68m', 'main', 'model.safetensors')).toBe(
      'https://huggingface.co/double7/vicuna-68m/resolve/main/model.safetensors',
    );
    expect(treeUrl(HUB_BASE, 'mlc-ai/TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC', 'main')).toBe(
      'https://huggingface.co/api/models/mlc-ai/TinyLlama-1.1B-Chat-v1.0-q4f16_1-MLC/tree/main?recursive=true',
    );
    expect(() => resolveUrl(HUB_BASE, '../etc', 'main', 'x')).toThrow('is not a Hugging Face repository id');
  });

  it('honours an override only between loopback hosts, query before localStorage', () => {
    const fake = 'http://127.0.0.1:9001';
    expect(hubBase({ pageUrl: `http://127.0.0.1:4173/?hub=${fake}/` })).toBe(fake);
    expect(hubBase({ pageUrl: 'http://127.0.0.1:4173/', stored: fake })).toBe(fake);
    expect(hubBase({ pageUrl: 'http://localhost:4173/?hub=http://localhost:9', stored: fake })).toBe(
      'http://localhost:9',
    );
    // A public page, or an override that is not loopback, gets the real Hub.
    expect(hubBase({ pageUrl: `https://tandem.example/?hub=${fake}`, stored: fake })).toBe(HUB_BASE);
    expect(hubBase({ pageUrl: 'http://127.0.0.1:4173/?hub=https://evil.example' })).toBe(HUB_BASE);
    expect(hubBase({ pageUrl: 'http://127.0.0.1:4173/', stored: 'not a url' })).toBe(HUB_BASE);
  });
});
