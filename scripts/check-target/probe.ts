/**
 * Before a browser starts: are the model folder and the library reachable from here? A browser
 * failing on a 404 deep inside web-llm says far less than this does.
 */

export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

type Fetch = typeof fetch;

async function get(url: string, fetchImpl: Fetch, method: 'GET' | 'HEAD', timeoutMs: number): Promise<Response> {
  try {
    return await fetchImpl(url, { method, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new UnreachableError(`cannot reach ${url}: ${why}`);
  }
}

/** The folder must serve mlc-chat-config.json and tensor-cache.json under …/resolve/main/. */
export async function probeModel(modelUrl: string, fetchImpl: Fetch = fetch, timeoutMs = 15_000): Promise<void> {
  const configUrl = `${modelUrl}mlc-chat-config.json`;
  const config = await get(configUrl, fetchImpl, 'GET', timeoutMs);
  if (!config.ok) {
    throw new UnreachableError(
      `${configUrl} answered HTTP ${config.status}: is ${modelUrl} the MLC folder (made by mlc_llm gen_config), served with its resolve/main/ path?`,
    );
  }
  try {
    JSON.parse(await config.text());
  } catch {
    throw new UnreachableError(`${configUrl} is not JSON: the URL does not point at an MLC model folder`);
  }
  const tensors = await get(`${modelUrl}tensor-cache.json`, fetchImpl, 'HEAD', timeoutMs);
  if (!tensors.ok) {
    const legacy = await get(`${modelUrl}ndarray-cache.json`, fetchImpl, 'HEAD', timeoutMs);
    throw new UnreachableError(
      legacy.ok
        ? `${modelUrl} has ndarray-cache.json but web-llm 0.2.86 reads tensor-cache.json: copy it to that name (see docs/webllm-target.md)`
        : `${modelUrl}tensor-cache.json answered HTTP ${tensors.status}: the weights are missing`,
    );
  }
}

export async function probeLibrary(modelLib: string, fetchImpl: Fetch = fetch, timeoutMs = 15_000): Promise<void> {
  const head = await get(modelLib, fetchImpl, 'HEAD', timeoutMs);
  if (!head.ok) throw new UnreachableError(`the model library ${modelLib} answered HTTP ${head.status}`);
}
