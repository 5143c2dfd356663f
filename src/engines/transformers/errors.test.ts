import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../scripts/fixtures/onnx/graph-builder.ts';
import { DataType, encodeModel } from '../../../scripts/fixtures/onnx/proto.ts';
import { InvalidArgumentError, ModelFileMissingError, TokenizerError } from '../../errors.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import { OnnxSignatureError, TransformersDeviceError } from './errors.ts';
import { loadTransformersModel } from './model.ts';
import { loadTransformersLM } from './transformers-lm.ts';

/** Bad model folders fail with named errors that say what is wrong. */

const CONFIG = {
  model_type: 'llama',
  architectures: ['LlamaForCausalLM'],
  hidden_size: 4,
  intermediate_size: 8,
  num_hidden_layers: 1,
  num_attention_heads: 2,
  num_key_value_heads: 2,
  vocab_size: 8,
  max_position_embeddings: 64,
  rms_norm_eps: 1e-6,
};

/**
 * A one-layer "decoder" that reads input_ids and past key only: logits = embedding rows, present
 * key = past key. No position_ids, no past/present value: the signature check must name all three.
 */
function incompleteModel(headDims: [number | string, number | string]): Uint8Array {
  const g = new GraphBuilder('incomplete');
  const ids = g.input('input_ids', DataType.INT64, ['batch_size', 'sequence_length']);
  g.input('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length']);
  const pastKey = g.input('past_key_values.0.key', DataType.FLOAT, [
    'batch_size',
    headDims[0],
    'past_sequence_length',
    headDims[1],
  ]);
  const embedding = g.weight(
    'embed',
    new Float32Array(8 * 8).map((_, i) => i % 7),
    [8, 8],
  );
  g.output(g.op('Gather', [embedding, ids]), 'logits', DataType.FLOAT, ['batch_size', 'sequence_length', 8]);
  g.output(pastKey, 'present.0.key', DataType.FLOAT, ['batch_size', headDims[0], 'past_sequence_length', headDims[1]]);
  return encodeModel(g.build(), 'tandem-test');
}

let root: string;
const folder = (name: string): string => join(root, name);

async function makeFolder(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = folder(name);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tandem-transformers-'));
  const config = JSON.stringify(CONFIG);
  await makeFolder('empty', {});
  await makeFolder('no-model', { 'config.json': config });
  await makeFolder('incomplete', { 'config.json': config, 'onnx/model.onnx': incompleteModel([2, 2]) });
  await makeFolder('symbolic-heads', {
    'config.json': config,
    'onnx/model.onnx': incompleteModel(['num_heads', 'head_dim']),
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('loading a bad ONNX folder', () => {
  it('names a missing config.json or onnx/model.onnx', async () => {
    await expect(loadTransformersLM({ folder: folder('empty') })).rejects.toThrow(ModelFileMissingError);
    await expect(loadTransformersLM({ folder: folder('empty') })).rejects.toThrow(/config\.json not found in .*empty/);
    await expect(loadTransformersLM({ folder: folder('no-model') })).rejects.toThrow(
      /onnx\/model\.onnx not found in .*no-model/,
    );
  });

  it('names every missing input and output of a graph that is not a KV-cache decoder', async () => {
    const error = await loadTransformersLM({ folder: folder('incomplete') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxSignatureError);
    expect((error as Error).name).toBe('OnnxSignatureError');
    expect((error as Error).message).toMatch(
      /missing inputs position_ids, past_key_values\.0\.value; missing outputs present\.0\.value$/,
    );
  });

  it('refuses symbolic head dims, from which transformers.js cannot build the empty cache', async () => {
    await expect(loadTransformersLM({ folder: folder('symbolic-heads') })).rejects.toThrow(
      /past_key_values\.0\.key has shape \[batch_size, num_heads, past_sequence_length, head_dim\]: head count and head size must be numbers/,
    );
  });

  it('names a missing tokenizer.json before loading the model', async () => {
    const load = loadTransformersModel({ folder: folder('no-model'), source: nodeFolderSource(folder('no-model')) });
    await expect(load).rejects.toThrow(TokenizerError);
    await expect(
      loadTransformersModel({ folder: folder('no-model'), source: nodeFolderSource(folder('no-model')) }),
    ).rejects.toThrow(/cannot read tokenizer\.json from .*no-model/);
  });

  it('refuses a device Node cannot offer and any URL (models never come from a host)', async () => {
    await expect(loadTransformersLM({ folder: folder('no-model'), device: 'webgpu' })).rejects.toThrow(
      TransformersDeviceError,
    );
    await expect(loadTransformersLM({ folder: 'https://huggingface.co/JackFram/llama-68m' })).rejects.toThrow(
      InvalidArgumentError,
    );
  });
});
