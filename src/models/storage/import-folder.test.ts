import { describe, expect, it } from 'vitest';
import { ModelFolderError } from './errors.ts';
import { fakeEnvironment, pickedFile } from './fakes.test-support.ts';
import { importFolder, modelIdFromFolder, pathInFolder } from './import-folder.ts';
import { cachedSize, deleteModel, listCached } from './model-cache.ts';

describe('importFolder', () => {
  it('copies a model folder into the cache under /models/<id>/, keeping sub-folders', async () => {
    const env = fakeEnvironment();
    const files = [
      pickedFile('My Drafter/config.json', 10),
      pickedFile('My Drafter/tokenizer.json', 20),
      pickedFile('My Drafter/onnx/model.onnx', 300),
    ];
    const id = modelIdFromFolder('My Drafter');
    expect(id).toBe('my-drafter');
    expect(await importFolder(env, id, files)).toEqual({ id, bytes: 330, files: 3, format: 'onnx' });
    expect(await cachedSize(env, id)).toBe(330);
    const keys = [...env.storage.caches.get('tandem-models')!.entries.keys()];
    expect(keys).toContain('http://app.test/models/my-drafter/onnx/model.onnx');
    expect(await deleteModel(env, id)).toBe(3);
    expect(await listCached(env)).toEqual([]);
  });

  it('names what is missing and writes nothing', async () => {
    const env = fakeEnvironment();
    const files = [pickedFile('half/config.json', 10), pickedFile('half/model.safetensors', 100)];
    const error = await importFolder(env, 'half', files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFolderError);
    expect((error as Error).message).toBe('"half" is not a model folder: it has no tokenizer.json.');
    await expect(importFolder(env, 'x', [pickedFile('x/readme.md', 1)])).rejects.toThrow(
      'it has no config.json, no model.safetensors or onnx/model.onnx, no tokenizer.json',
    );
    expect(await listCached(env)).toEqual([]);
  });

  it('refuses a file that is not what its name says (a web page saved as the weights) and writes nothing', async () => {
    const env = fakeEnvironment();
    const page = new File(['<!DOCTYPE html><html><body>Not found</body></html>'], 'model.safetensors');
    Object.defineProperty(page, 'webkitRelativePath', { value: 'saved/model.safetensors' });
    const files = [pickedFile('saved/config.json', 40), pickedFile('saved/tokenizer.json', 40), page];
    await expect(importFolder(env, 'saved', files)).rejects.toThrow(
      /^model\.safetensors from “saved” is not a safetensors file: it is a web page \(it starts with “<!DOCTYPE html>”\)/,
    );
    expect(await listCached(env)).toEqual([]);
  });

  it('derives clean ids and paths', () => {
    expect(modelIdFromFolder('..Weird  Name!!')).toBe('weird-name');
    expect(modelIdFromFolder('***')).toBe('imported-model');
    expect(pathInFolder(pickedFile('a/b/c.json', 1))).toBe('b/c.json');
  });
});
