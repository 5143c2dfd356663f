import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * `vite preview` gzips every response whose type it does not know on the fly, and .safetensors and
 * .onnx have none: a 71.6 MB model download from 127.0.0.1 then costs seconds of server CPU per file
 * (random weights barely compress) and loses its Content-Length, so progress shows no percentage.
 * Model files are served as they are on disk instead: the request's Accept-Encoding is dropped
 * before Vite's compression middleware sees it.
 */

const MODEL_FILES = /^\/models\//;

export function serveAsIs(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
  if (MODEL_FILES.test(req.url ?? '')) delete req.headers['accept-encoding'];
  next();
}

export function modelFilesAsIs(): Plugin {
  return {
    name: 'tandem-model-files-as-is',
    // Added directly (not returned): runs before preview's compression middleware.
    configurePreviewServer(server) {
      server.middlewares.use(serveAsIs);
    },
  };
}
