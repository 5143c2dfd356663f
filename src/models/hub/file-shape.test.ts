import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelFileShapeError } from './errors.ts';
import { checkFileShape, refuseHtmlResponse } from './file-shape.ts';

const fixture = (name: string) => new Blob([readFileSync(`public/models/tiny-drafter/${name}`)]);
const PAGE = new Blob(['<!DOCTYPE html><html><title>Sign in</title></html>']);

describe('checkFileShape', () => {
  it('accepts the fixture model’s real files', async () => {
    for (const name of ['model.safetensors', 'config.json', 'tokenizer.json', 'onnx/model.onnx'])
      await expect(checkFileShape(name, fixture(name), 'the folder')).resolves.toBeUndefined();
  });

  it('refuses a web page saved as weights or JSON, naming it a web page', async () => {
    await expect(checkFileShape('model.safetensors', PAGE, 'http://h/m/')).rejects.toThrow(
      new ModelFileShapeError(
        'model.safetensors from http://h/m/ is not a safetensors file: it is a web page (it starts with “<!DOCTYPE html>”). The server sent something else where the file should be; check the address (on Hugging Face, files download from …/resolve/main/).',
      ),
    );
    await expect(checkFileShape('config.json', PAGE, 'x')).rejects.toThrow(
      /config\.json from x is not JSON: it is a web page/,
    );
    await expect(checkFileShape('onnx/model.onnx', PAGE, 'x')).rejects.toThrow(
      /is not an ONNX model: it is a web page/,
    );
  });

  it('refuses a truncated or garbled safetensors header, and JSON that does not parse', async () => {
    const weights = readFileSync('public/models/tiny-drafter/model.safetensors');
    await expect(checkFileShape('model.safetensors', new Blob([weights.subarray(0, 100)]), 'x')).rejects.toThrow(
      /a file whose first 8 bytes give a header length of 1264/,
    );
    await expect(checkFileShape('model.safetensors', new Blob(['hello world, this is text']), 'x')).rejects.toThrow(
      /header length of/,
    );
    await expect(checkFileShape('config.json', new Blob(['{"vocab_size": 32']), 'x')).rejects.toThrow(
      /not a JSON object/,
    );
  });

  it('refuses a response sent as HTML before reading it', () => {
    const page = new Response('x', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(() => refuseHtmlResponse(page, 'model.safetensors', 'http://h/m/')).toThrow(ModelFileShapeError);
    const plain = new Response('x', { headers: { 'content-type': 'text/plain' } });
    expect(() => refuseHtmlResponse(plain, 'model.safetensors', 'http://h/m/')).not.toThrow();
  });
});
