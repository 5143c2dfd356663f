import { describe, expect, it } from 'vitest';
import { ModelFileMissingError } from '../errors.ts';
import { webLlmTarget } from '../models/registry/webllm-targets.ts';
import { fakeEnvironment } from '../models/storage/fakes.test-support.ts';
import { MODEL_CACHE_NAME } from '../models/storage/model-cache.ts';
import { webLlmFolder } from './browser-models.ts';

const build = webLlmTarget('vicuna-7b-v1.3').builds[0]!;
const FOLDER = 'http://app.test/models/vicuna-7b-v1.3-q4f16_1-MLC/resolve/main/';
const bytes = (...v: number[]) => new Uint8Array(v);

describe('webLlmFolder (the web-llm target’s tokenizer and config, in the worker)', () => {
  it('reads a file from web-llm’s own cache, keyed by its absolute URL', async () => {
    const env = fakeEnvironment();
    await (await env.caches.open('webllm/model')).put(`${FOLDER}tokenizer.json`, new Response(bytes(1, 2)));
    await (await env.caches.open('webllm/config')).put(`${FOLDER}mlc-chat-config.json`, new Response(bytes(3)));
    const folder = webLlmFolder(env, build);
    expect(await folder.readFile('tokenizer.json')).toEqual(bytes(1, 2));
    expect(await folder.readFile('mlc-chat-config.json')).toEqual(bytes(3));
  });

  it('falls back to /models/<modelId>/resolve/main/ in the model cache, then names the file', async () => {
    const env = fakeEnvironment();
    await (await env.caches.open(MODEL_CACHE_NAME)).put(`${FOLDER}tokenizer_config.json`, new Response(bytes(4)));
    const folder = webLlmFolder(env, build);
    expect(await folder.readFile('tokenizer_config.json')).toEqual(bytes(4));
    const error = await folder.readFile('tokenizer.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileMissingError);
    expect((error as Error).message).toContain('resolve/main/tokenizer.json of model "vicuna-7b-v1.3-q4f16_1-MLC"');
  });

  it('reads a Hub build that web-llm has not cached yet from the Hub itself', async () => {
    const tiny = webLlmTarget('tinyllama-1.1b-chat').builds[1]!;
    const env = fakeEnvironment({ [`${tiny.modelPath}tokenizer.json`]: bytes(5, 6) });
    const folder = webLlmFolder(env, tiny);
    expect(folder.description).toBe('https://huggingface.co/mlc-ai/TinyLlama-1.1B-Chat-v1.0-q4f32_1-MLC/resolve/main/');
    expect(await folder.readFile('tokenizer.json')).toEqual(bytes(5, 6));
    await expect(folder.readFile('tokenizer_config.json')).rejects.toThrow(ModelFileMissingError);
  });
});
