import type { Conversation } from '../forge/dataset.ts';
import type { DistillProgress } from '../forge/distill.ts';
import type { EvaluationProgress, EvaluationReport } from '../forge/evaluate.ts';
import type { TrainProgress } from '../forge/fine-tune.ts';
import type { ForgeJob } from '../forge/job.ts';
import type { DetectableLanguage } from '../models/detect-language.ts';

/**
 * The forge's half of the page ↔ worker RPC (TandemWorkerApi.forge): one command in, events while
 * it runs, one reply out. Jobs themselves live in IndexedDB, which page and worker share; commands
 * name them by id. Plain data only (structured clone).
 */
export type ForgeCommand =
  /** Loads the forge's code and picks its engines now, so nothing is fetched once a job runs. */
  | { kind: 'ready' }
  /** Self-distil the job's sentences that have no output yet; resolves when done or paused. */
  | { kind: 'distill'; jobId: string }
  /** Fine-tune from the job's checkpoint (or the base drafter); resolves when done or paused. */
  | { kind: 'train'; jobId: string }
  /** Measure base and new drafter on the held-out sentences. */
  | { kind: 'evaluate'; jobId: string }
  /** Write the new drafter into the model store, if it beat the base. */
  | { kind: 'install'; jobId: string }
  /** Stops the job's running step at the next sentence or batch (a checkpoint is written). */
  | { kind: 'pause'; jobId: string }
  /** Stores imported FastChat conversations as the job's outputs (train first, then held-out). */
  | { kind: 'import-dataset'; jobId: string; train: Conversation[]; heldOut: Conversation[] }
  /** The job's data set as FastChat JSONL. */
  | { kind: 'export-dataset'; jobId: string }
  /** The new drafter's Hugging Face folder, zipped. */
  | { kind: 'export-model'; jobId: string }
  /** Learning from use (opt-in): finished greedy translations of real pairs go to the replay buffer. */
  | { kind: 'learn-from-use'; enabled: boolean }
  /** One adaptation round on the replay buffer of this pair and language (run when the app is idle). */
  | { kind: 'adapt'; target: string; drafter: string; language: DetectableLanguage; steps: number };

export type ForgeEvent =
  | { type: 'distill'; jobId: string; progress: DistillProgress }
  | { type: 'train'; jobId: string; progress: TrainProgress }
  | { type: 'evaluate'; jobId: string; progress: EvaluationProgress }
  /** Which engine trains, and why (said before the first step). */
  | { type: 'trainer'; jobId: string; engine: string };

export type ForgeListener = (event: ForgeEvent) => void;

export type ForgeReply =
  | { kind: 'ready' }
  | { kind: 'distill' | 'train'; status: 'done' | 'paused'; job: ForgeJob }
  | { kind: 'evaluate'; report: EvaluationReport; job: ForgeJob }
  | { kind: 'install'; modelId: string; bytes: number; job: ForgeJob }
  | { kind: 'pause'; paused: boolean }
  | { kind: 'import-dataset'; job: ForgeJob }
  | { kind: 'export-dataset'; jsonl: string }
  | { kind: 'export-model'; fileName: string; zip: Uint8Array }
  | { kind: 'learn-from-use'; enabled: boolean }
  | {
      kind: 'adapt';
      promoted: boolean;
      reason: string;
      /** The promoted copy's model id (installed like a forged drafter). */
      modelId: string | null;
      bytes: number;
      alphaBefore: number | null;
      alphaAfter: number | null;
      heldOut: number;
      bufferSize: number;
    };
