import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serveAsIs } from './model-files-as-is.ts';

function request(url: string): IncomingMessage {
  return { url, headers: { 'accept-encoding': 'gzip, deflate, br' } } as unknown as IncomingMessage;
}

describe('serveAsIs', () => {
  it('drops Accept-Encoding for model files only, and always passes the request on', () => {
    let calls = 0;
    const next = () => calls++;
    const model = request('/models/tiny-target/model.safetensors');
    serveAsIs(model, {} as ServerResponse, next);
    expect(model.headers['accept-encoding']).toBeUndefined();
    const page = request('/assets/index.js');
    serveAsIs(page, {} as ServerResponse, next);
    expect(page.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(calls).toBe(2);
  });
});
