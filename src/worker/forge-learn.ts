import { readCheckpoint } from '../llama/checkpoint.ts';
import { readLlamaConfig } from '../llama/config.ts';
import { loadLlamaWeights, type LlamaWeights } from '../llama/weights.ts';
import type { TrainerFactory } from '../forge/fine-tune.ts';
import type { KeyValueStore } from '../forge/job-store.ts';
import { adaptDrafter } from '../forge/learn/adapt.ts';
import { addToReplayBuffer, emptyReplayBuffer, type ReplayBuffer } from '../forge/learn/replay-buffer.ts';
import { buildModelFolder, type FolderFiles } from '../forge/model-folder.ts';
import type { DetectableLanguage } from '../models/detect-language.ts';
import { translationPrompt } from '../models/prompt.ts';
import { segmentText } from '../models/segment.ts';
import type { ForgeReply } from '../protocol/forge.ts';
import type { PairSelection, TranslateRequest } from '../protocol/protocol.ts';
import type { CausalLM } from '../speculative/causal-lm.ts';
import type { LoadedPair } from './loaded-pair.ts';
import { resolveModelId, type PairLoaderDeps } from './pair-loader.ts';

/**
 * Learning from use, the worker's half: finished greedy translations of a real pair are added to a
 * replay buffer per (target, source language) in IndexedDB; an adaptation round trains a copy of
 * the active drafter on it and installs the copy only when held-out α does not fall.
 */

const bufferKey = (target: string, language: string) => `replay:${target}:${language}`;

/** Segment outputs of one finished translation → replay entries (the prompt as the loop saw it). */
export async function recordUse(
  kv: KeyValueStore,
  request: TranslateRequest,
  pair: LoadedPair,
  outputs: ReadonlyMap<number, number[]>,
): Promise<void> {
  if (!request.pair || (request.mode === 'autoregressive' && !pair.drafter)) return;
  const key = bufferKey(request.pair.target, request.from);
  let buffer = (await kv.get<ReplayBuffer>(key)) ?? emptyReplayBuffer();
  const limit = request.maxNewTokens ?? Number.POSITIVE_INFINITY;
  const eos = pair.eosTokenIds[0];
  for (const [index, segment] of segmentText(request.text, request.from).entries()) {
    const ids = outputs.get(index);
    if (!ids || ids.length === 0) continue;
    // A segment that stopped before its limit stopped at EOS: the drafter learns to end there too.
    const response = ids.length < limit && eos !== undefined ? [...ids, eos] : [...ids];
    const prompt = pair.tokenizer.encode(translationPrompt(segment.text, request.from, request.to));
    buffer = addToReplayBuffer(buffer, { prompt, response, at: Date.now() });
  }
  await kv.set(key, buffer);
}

export interface AdaptDeps {
  kv: KeyValueStore;
  pair(selection: PairSelection): Promise<LoadedPair>;
  pairDeps: PairLoaderDeps;
  createTrainer: TrainerFactory;
  loadDrafter(files: FolderFiles, selection: PairSelection): Promise<CausalLM>;
  writeModel(modelId: string, files: FolderFiles): Promise<void>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

export async function adaptRound(
  deps: AdaptDeps,
  command: { target: string; drafter: string; language: DetectableLanguage; steps: number },
): Promise<Extract<ForgeReply, { kind: 'adapt' }>> {
  const buffer = (await deps.kv.get<ReplayBuffer>(bufferKey(command.target, command.language))) ?? emptyReplayBuffer();
  const selection = { target: command.target, drafter: command.drafter };
  const ref = resolveModelId(command.drafter);
  if (ref.kind !== 'folder') throw new Error(`${ref.name} cannot be a drafter`);
  const source = deps.pairDeps.source(ref.modelId);
  const config = await readLlamaConfig(source);
  const weights = loadLlamaWeights(await readCheckpoint(source), config);
  const folderOf = (trained: LlamaWeights) => buildModelFolder(source, config, trained, null);
  const result = await deps.exclusive(async () => {
    const pair = await deps.pair(selection);
    if (!pair.drafter) throw new Error('the pair has no drafter to adapt');
    return adaptDrafter({
      buffer,
      active: { config, weights, model: pair.drafter },
      target: pair.target,
      createTrainer: deps.createTrainer,
      load: async (trained) => deps.loadDrafter(await folderOf(trained), selection),
      limits: { maxNewTokens: 64, eosTokenIds: pair.eosTokenIds },
      steps: command.steps,
      seed: buffer.entries.length,
    });
  });
  let modelId: string | null = null;
  let bytes = 0;
  if (result.decision.promote && result.weights) {
    modelId = `adapted-${command.language}-${Date.now().toString(36)}`;
    const files = await folderOf(result.weights);
    await deps.writeModel(modelId, files);
    bytes = Object.values(files).reduce((sum, f) => sum + f.byteLength, 0);
  }
  return {
    kind: 'adapt',
    promoted: modelId !== null,
    reason: result.decision.reason,
    modelId,
    bytes,
    alphaBefore: result.report?.base.alpha ?? null,
    alphaAfter: result.report?.forged.alpha ?? null,
    heldOut: result.report?.sentences ?? 0,
    bufferSize: buffer.entries.length,
  };
}
