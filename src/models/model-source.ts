import { ModelFileMissingError } from '../errors.ts';

/**
 * Where a model folder's files come from: a local folder in Node, a URL or browser storage in the
 * page. Engines and the tokenizer read through this, so tests read fixtures exactly as the app
 * reads real models.
 */
export interface ModelSource {
  /** Human-readable location, used in error messages. */
  readonly description: string;
  /** The whole file. Throws ModelFileMissingError when it does not exist or cannot be read. */
  readFile(name: string): Promise<Uint8Array>;
}

export async function readJsonFile(source: ModelSource, name: string): Promise<unknown> {
  const bytes = await source.readFile(name);
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ModelFileMissingError(`${name} in ${source.description} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads files over fetch (same-origin URLs in the app: public/models/… or a model host). */
export function urlFolderSource(baseUrl: string, fetchImpl: typeof fetch = fetch): ModelSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    description: base,
    async readFile(name) {
      let response: Response;
      try {
        response = await fetchImpl(base + name);
      } catch (error) {
        throw new ModelFileMissingError(`could not fetch ${name} from ${base}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (!response.ok) {
        throw new ModelFileMissingError(`${name} not found at ${base} (HTTP ${response.status})`);
      }
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
