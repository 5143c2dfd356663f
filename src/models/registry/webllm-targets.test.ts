import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pickBuild, webLlmTarget, WEBLLM_TARGETS } from './webllm-targets.ts';

const WEBLLM = fileURLToPath(new URL('../../../node_modules/@mlc-ai/web-llm/', import.meta.url));

describe('the web-llm target registry', () => {
  const vicuna = webLlmTarget('vicuna-7b-v1.3');

  it('pairs both Vicuna builds with the Llama-2-7B library of the installed (pinned) web-llm', () => {
    // Read from web-llm itself, so a version bump that moves the libraries fails here.
    const pkg = JSON.parse(readFileSync(`${WEBLLM}package.json`, 'utf8')) as { version: string };
    const lib = readFileSync(`${WEBLLM}lib/index.js`, 'utf8');
    const version = /const modelVersion = "([^"]+)"/.exec(lib)?.[1];
    const prefix = /const modelLibURLPrefix = "([^"]+)"/.exec(lib)?.[1];
    expect(vicuna.webllmVersion).toBe(pkg.version);
    for (const build of vicuna.builds) {
      const file = `Llama-2-7b-chat-hf-${build.quantization}_cs1k-webgpu.wasm`;
      expect(lib).toContain(`"/${file}"`);
      expect(build.modelLib).toBe(`${prefix}${version}/${file}`);
      expect(build.modelPath).toMatch(/^\/models\/.+\/resolve\/main\/$/);
    }
  });

  it('picks q4f16_1 with shader-f16 and q4f32_1 without', () => {
    expect(pickBuild(vicuna, new Set(['shader-f16'])).quantization).toBe('q4f16_1');
    expect(pickBuild(vicuna, new Set()).quantization).toBe('q4f32_1');
  });

  it('lists every target once and refuses unknown ids', () => {
    expect(new Set(WEBLLM_TARGETS.map((t) => t.id)).size).toBe(WEBLLM_TARGETS.length);
    expect(() => webLlmTarget('gpt-4')).toThrow(/no web-llm target "gpt-4"/);
  });
});
