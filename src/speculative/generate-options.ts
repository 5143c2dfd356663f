import { EmptyPromptError, InvalidArgumentError } from '../errors.ts';
import { GREEDY, type SamplingParams } from './causal-lm.ts';
import type { StepEvent } from './events.ts';
import { seededRng, type Rng } from './rng.ts';
import { validateSampling } from './sampling.ts';
import { validateStopConditions, type StopConditions } from './stopping.ts';

/** What both decoders take, so that a speedup compares like with like. */
export interface GenerateOptions extends StopConditions {
  /** Greedy by default. */
  sampling?: SamplingParams;
  /** Seeded uniforms for sampling; defaults to seed 0 so runs are reproducible. */
  rng?: Rng;
  /** Ends the generation after the step in flight. */
  signal?: AbortSignal;
  /** Called after every target pass with the emitted tokens, their provenance and running stats. */
  onStep?: (event: StepEvent) => void;
  /** Clock in milliseconds; injectable so benchmarks can use their own. */
  now?: () => number;
}

export interface ResolvedOptions extends GenerateOptions {
  sampling: SamplingParams;
  rng: Rng;
  now: () => number;
}

export function resolveOptions(prompt: readonly number[], options: GenerateOptions): ResolvedOptions {
  if (prompt.length === 0) {
    throw new EmptyPromptError('the prompt has no tokens: there is nothing to continue from');
  }
  if (prompt.some((t) => !Number.isInteger(t) || t < 0)) {
    throw new InvalidArgumentError('prompt token ids must be non-negative integers');
  }
  validateStopConditions(options);
  const sampling = options.sampling ?? GREEDY;
  validateSampling(sampling);
  return {
    ...options,
    sampling,
    rng: options.rng ?? seededRng(0),
    now: options.now ?? (() => performance.now()),
  };
}

export function assertTokensInVocabulary(prompt: readonly number[], vocabSize: number): void {
  const bad = prompt.find((t) => t >= vocabSize);
  if (bad !== undefined) {
    throw new InvalidArgumentError(`prompt token ${bad} is outside the model's vocabulary of ${vocabSize}`);
  }
}
