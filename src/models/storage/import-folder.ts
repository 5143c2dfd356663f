import { checkFileShape } from '../hub/file-shape.ts';
import type { StorageEnvironment } from './environment.ts';
import { ModelFolderError } from './errors.ts';
import { modelFileUrl, openModelCache } from './model-cache.ts';
import { plainQuotaError } from './quota.ts';

/** A picked file: `<input webkitdirectory>` gives File objects with webkitRelativePath "folder/sub/file". */
export type PickedFile = Pick<File, 'name' | 'size' | 'type' | 'webkitRelativePath'> & Blob;

/** The folder's name (first segment of the relative paths), or '' when none is given. */
export function folderName(files: readonly PickedFile[]): string {
  return files[0]?.webkitRelativePath.split('/')[0] ?? '';
}

/** A model id from a folder name: lower-case, only [a-z0-9._-], so it is a clean URL segment. */
export function modelIdFromFolder(name: string): string {
  const id = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return id || 'imported-model';
}

/** The path inside the model folder ("onnx/model.onnx"): the picked folder's own name dropped. */
export function pathInFolder(file: PickedFile): string {
  const parts = (file.webkitRelativePath || file.name).split('/');
  return parts.length > 1 ? parts.slice(1).join('/') : parts[0]!;
}

/** What a folder lacks to be a model folder (empty when it is one). */
export function missingModelFiles(paths: ReadonlySet<string>): string[] {
  const missing: string[] = [];
  if (!paths.has('config.json')) missing.push('config.json');
  if (!paths.has('model.safetensors') && !paths.has('onnx/model.onnx'))
    missing.push('model.safetensors or onnx/model.onnx');
  if (!paths.has('tokenizer.json')) missing.push('tokenizer.json');
  return missing;
}

/** The weight format of a valid folder, for the list. */
export function folderFormat(paths: ReadonlySet<string>): 'safetensors' | 'onnx' {
  return paths.has('model.safetensors') ? 'safetensors' : 'onnx';
}

export interface ImportResult {
  id: string;
  bytes: number;
  files: number;
  format: 'safetensors' | 'onnx';
}

/**
 * Copies a picked local folder into the model cache under /models/<id>/, after checking it is a
 * model folder and that each file has the shape its name says (the checks come first, so a wrong
 * folder writes nothing).
 */
export async function importFolder(
  env: StorageEnvironment,
  id: string,
  files: readonly PickedFile[],
): Promise<ImportResult> {
  const paths = new Set(files.map(pathInFolder));
  const missing = missingModelFiles(paths);
  if (missing.length > 0) {
    const folder = folderName(files) || 'The folder';
    throw new ModelFolderError(`"${folder}" is not a model folder: it has no ${missing.join(', no ')}.`);
  }
  // Each file must be what its name says (a web page saved as model.safetensors is refused now, not at load).
  const name = folderName(files) || 'the folder';
  for (const file of files) await checkFileShape(pathInFolder(file), file, `“${name}”`);
  const cache = await openModelCache(env);
  const written: string[] = [];
  try {
    for (const file of files) {
      const key = modelFileUrl(env.origin, id, pathInFolder(file));
      written.push(key);
      const headers = { 'content-type': file.type || 'application/octet-stream', 'content-length': String(file.size) };
      await cache.put(key, new Response(file, { status: 200, headers }));
    }
  } catch (error) {
    for (const key of written) await cache.delete(key).catch(() => false);
    throw plainQuotaError(error, id);
  }
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  return { id, bytes, files: files.length, format: folderFormat(paths) };
}
