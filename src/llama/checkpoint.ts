import { ModelFileMissingError, WeightFileError } from '../errors.ts';
import type { ModelSource } from '../models/model-source.ts';
import { parseSafetensors, type SafetensorsFile, type TensorSource } from './safetensors.ts';

const SINGLE_FILE = 'model.safetensors';
const INDEX_FILE = 'model.safetensors.index.json';

/**
 * Opens a model folder's weights: `model.safetensors`, or, when that is absent, the shards listed in
 * `model.safetensors.index.json` (`{"weight_map": {tensorName: shardFile}}`).
 */
export async function readCheckpoint(source: ModelSource): Promise<TensorSource> {
  let single: Uint8Array;
  try {
    single = await source.readFile(SINGLE_FILE);
  } catch (error) {
    if (!(error instanceof ModelFileMissingError)) throw error;
    return readShardedCheckpoint(source, error);
  }
  return parseSafetensors(single, `${SINGLE_FILE} in ${source.description}`);
}

async function readShardedCheckpoint(source: ModelSource, singleMissing: Error): Promise<TensorSource> {
  let indexBytes: Uint8Array;
  try {
    indexBytes = await source.readFile(INDEX_FILE);
  } catch {
    throw singleMissing; // neither layout: report the common one
  }
  const where = `${INDEX_FILE} in ${source.description}`;
  const weightMap = parseWeightMap(indexBytes, where);
  const shards = new Map<string, SafetensorsFile>();
  for (const file of new Set(Object.values(weightMap))) {
    shards.set(file, parseSafetensors(await source.readFile(file), `${file} in ${source.description}`));
  }
  for (const [name, file] of Object.entries(weightMap)) {
    if (!(shards.get(file) as SafetensorsFile).has(name)) {
      throw new WeightFileError(`${where}: tensor "${name}" is listed in ${file}, which does not hold it`);
    }
  }
  const names = Object.keys(weightMap);
  return {
    description: `${source.description} (sharded)`,
    names,
    has: (name) => Object.hasOwn(weightMap, name),
    tensor(name) {
      if (!Object.hasOwn(weightMap, name)) throw new WeightFileError(`${where}: tensor "${name}" is missing`);
      return (shards.get(weightMap[name]) as SafetensorsFile).tensor(name);
    },
  };
}

function parseWeightMap(bytes: Uint8Array, where: string): Record<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new WeightFileError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  const map = (json as { weight_map?: unknown } | null)?.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw new WeightFileError(`${where}: "weight_map" is missing or not an object`);
  }
  for (const [name, file] of Object.entries(map)) {
    if (typeof file !== 'string') throw new WeightFileError(`${where}: tensor "${name}" maps to a non-string shard`);
  }
  return map as Record<string, string>;
}
