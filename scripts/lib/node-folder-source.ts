import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFileMissingError } from '../../src/errors.ts';
import type { ModelSource } from '../../src/models/model-source.ts';

/** A model folder on disk (Node only: tests, scripts, benchmarks). */
export function nodeFolderSource(dir: string): ModelSource {
  return {
    description: dir,
    async readFile(name) {
      try {
        return new Uint8Array(await readFile(join(dir, name)));
      } catch (error) {
        throw new ModelFileMissingError(`${name} not found in ${dir}`, { cause: error });
      }
    },
  };
}
