import { InvalidArgumentError } from '../../errors.ts';

/**
 * How web-llm names a model folder and library by URL: facts about web-llm's cache keys that both
 * the web-llm engine and the storage code (which reads web-llm's caches) need.
 */

/**
 * web-llm parses the model URL with `new URL()` and no base, and reads files under resolve/main/;
 * a bare folder URL gets that suffix, as web-llm's own cleanModelUrl does.
 */
export function normalizeModelUrl(url: string, base?: string): string {
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new InvalidArgumentError(
      `"${url}" is not an absolute http(s) URL${base ? ` (nor a path under ${base})` : ''}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidArgumentError(`the model URL must be http(s), got ${parsed.protocol} in "${url}"`);
  }
  let href = parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
  if (!/\/resolve\/[^/]+\/$/.test(new URL(href).pathname)) href += 'resolve/main/';
  return href;
}

/** Whether web-llm will cache the library: it never caches a relative or "localhost" model_lib. */
export function libraryIsCached(modelLib: string): boolean {
  return /^https?:/.test(modelLib) && !modelLib.includes('localhost');
}
