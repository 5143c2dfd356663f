import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

/** Streams a local file as the response, or answers 404 when there is no such regular file. */
export function sendFileOr404(res: ServerResponse, file: string | undefined): void {
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('Content-Length', statSync(file).size);
  createReadStream(file).pipe(res);
}
