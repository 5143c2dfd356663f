import { zipSync } from 'fflate';
import { ModelFileMissingError } from '../errors.ts';
import type { LlamaConfig } from '../llama/config.ts';
import type { LlamaWeights } from '../llama/weights.ts';
import { saveHuggingFaceFolder } from '../training/save.ts';
import type { ModelSource } from '../models/model-source.ts';
import type { EvaluationReport } from './evaluate.ts';
import type { FineTuneSettings } from './hyperparameters.ts';
import type { ForgeJob } from './job.ts';

/**
 * The new drafter as a Hugging Face model folder: the base's config.json, model.safetensors (F32:
 * the trained weights exactly; engines convert to f16 where the GPU has it), the base's tokenizer
 * files (so the pair loader's vocabulary check sees the same vocabulary), and provenance.json.
 * transformers, vLLM and mlc-llm read the same folder.
 */

export interface Provenance {
  tandem_forge: 1;
  created_at: string;
  base_model: string;
  target_model: string;
  source_language: string;
  target_language: 'en';
  dataset: {
    corpus: string;
    train_sentences: number;
    held_out_sentences: number;
    /** SHA-256 of the train split as FastChat JSONL (what `Export data set` writes for it). */
    sha256: string;
    format: 'FastChat conversations (JSONL)';
  };
  hyperparameters: FineTuneSettings & { total_steps: number };
  training: { engine: string; steps: number; final_train_loss: number | null; final_held_out_loss: number | null };
  evaluation: {
    held_out_sentences: number;
    alpha_before: number | null;
    alpha_after: number | null;
    tau_before: number | null;
    tau_after: number | null;
    lossless: boolean;
  };
}

export function provenanceOf(job: ForgeJob, report: EvaluationReport, datasetSha256: string, now: Date): Provenance {
  const losses = job.training?.losses ?? [];
  const lastHeldOut = [...losses].reverse().find((p) => p.heldOut !== undefined)?.heldOut ?? null;
  return {
    tandem_forge: 1,
    created_at: now.toISOString(),
    base_model: job.baseDrafter,
    target_model: job.target,
    source_language: job.language,
    target_language: 'en',
    dataset: {
      corpus: job.corpusName,
      train_sentences: job.trainCount,
      held_out_sentences: job.heldOutCount,
      sha256: datasetSha256,
      format: 'FastChat conversations (JSONL)',
    },
    hyperparameters: { ...job.settings, total_steps: job.training?.totalSteps ?? 0 },
    training: {
      engine: job.training?.engine ?? 'unknown',
      steps: job.training?.step ?? 0,
      final_train_loss: losses.at(-1)?.train ?? null,
      final_held_out_loss: lastHeldOut,
    },
    evaluation: {
      held_out_sentences: report.sentences,
      alpha_before: report.base.alpha,
      alpha_after: report.forged.alpha,
      tau_before: report.base.tau,
      tau_after: report.forged.tau,
      lossless: report.mismatches.length === 0,
    },
  };
}

/** Files of the folder, by name. */
export type FolderFiles = Record<string, Uint8Array>;

/** The tokenizer files every Tandem model folder has (the loaders need both); nothing optional is probed. */
const COPIED = ['tokenizer.json', 'tokenizer_config.json'];

export async function buildModelFolder(
  base: ModelSource,
  config: LlamaConfig,
  weights: LlamaWeights,
  provenance: Provenance | null,
): Promise<FolderFiles> {
  const encoder = new TextEncoder();
  const rawConfig = JSON.parse(new TextDecoder().decode(await base.readFile('config.json'))) as Record<string, unknown>;
  const { tandem_fixture: _fixture, ...baseConfig } = rawConfig;
  const files: FolderFiles = { ...saveHuggingFaceFolder(config, weights, { dtype: 'F32', baseConfig }) };
  for (const name of COPIED) files[name] = await base.readFile(name);
  if (provenance) files['provenance.json'] = encoder.encode(`${JSON.stringify(provenance, null, 2)}\n`);
  return files;
}

/** The folder as a zip (stored, not deflated: safetensors barely compress), named <folder>/<file>. */
export function zipFolder(folder: string, files: FolderFiles): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [name, bytes] of Object.entries(files)) entries[`${folder}/${name}`] = [bytes, { level: 0 }];
  return zipSync(entries);
}

/** An in-memory folder as a ModelSource (the engines load a not-yet-installed drafter from it). */
export function memoryFolderSource(
  description: string,
  files: FolderFiles,
): ModelSource & { has(name: string): Promise<boolean> } {
  return {
    description,
    has: async (name) => Object.hasOwn(files, name),
    async readFile(name) {
      const bytes = files[name];
      if (!bytes) throw new ModelFileMissingError(`${name} is not in ${description}`);
      return bytes;
    },
  };
}
