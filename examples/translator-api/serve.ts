import { createServer, type Server } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendFileOr404 } from '../../scripts/lib/send-file.ts';

/**
 * A plain static server for the example, as a third party would host the built library: no Vite,
 * no transforms. /dist-lib/ (npm run build:lib), /examples/, and /models/ (the fixture models in
 * public/models/; sizes sent as Content-Length so the download shows real progress).
 * Run: npm run build:lib && npx tsx examples/translator-api/serve.ts → http://127.0.0.1:5176/
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MOUNTS: Record<string, string> = {
  '/dist-lib/': resolve(ROOT, 'dist-lib'),
  '/examples/': resolve(ROOT, 'examples'),
  '/models/': resolve(ROOT, 'public/models'),
};
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export const EXAMPLE_PATH = '/examples/translator-api/index.html';

function fileFor(pathname: string): string | null {
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!pathname.startsWith(prefix)) continue;
    const file = resolve(dir, `.${sep}${decodeURIComponent(pathname.slice(prefix.length))}`);
    return file === dir || file.startsWith(dir + sep) ? file : null; // no way out of a mount
  }
  return null;
}

export function serveExample(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', `http://${host}`);
    if (pathname === '/') {
      response.writeHead(302, { location: EXAMPLE_PATH }).end();
      return;
    }
    const file = fileFor(pathname) ?? undefined;
    response.setHeader('content-type', TYPES[extname(file ?? '')] ?? 'application/octet-stream');
    response.setHeader('cache-control', 'no-store');
    sendFileOr404(response, file); // with Content-Length, so the download shows real progress
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 5176);
  await serveExample(port);
  console.log(`Translator API example: http://127.0.0.1:${port}${EXAMPLE_PATH}`);
}
