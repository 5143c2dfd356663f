import { InvalidArgumentError } from '../errors.ts';
import { IGNORE_INDEX, type TrainingBatch, type TrainingExample } from './types.ts';

/** Token id written at padding positions (never predicted, never attended to by a real token). */
export const PAD_TOKEN_ID = 0;

/**
 * Packs examples into one right-padded batch of `seqLen` positions. Row r reads the example's
 * prompt then response; the target at position t is token t+1 when that token is a response token,
 * else IGNORE_INDEX (prompt and padding carry no loss). An example longer than seqLen keeps its
 * start, the prompt first: the window holds tokens [0, seqLen) and predicts tokens [1, seqLen].
 */
export function makeBatch(examples: readonly TrainingExample[], seqLen: number, vocabSize?: number): TrainingBatch {
  if (examples.length === 0) throw new InvalidArgumentError('makeBatch: no examples');
  if (!Number.isSafeInteger(seqLen) || seqLen < 1) {
    throw new InvalidArgumentError(`makeBatch: seqLen must be a positive integer, got ${seqLen}`);
  }
  const batchSize = examples.length;
  const tokens = new Int32Array(batchSize * seqLen).fill(PAD_TOKEN_ID); // (batchSize, seqLen)
  const targets = new Int32Array(batchSize * seqLen).fill(IGNORE_INDEX); // (batchSize, seqLen)
  examples.forEach((example, r) => {
    checkExample(example, r, vocabSize);
    const sequence = [...example.prompt, ...example.response];
    const base = r * seqLen;
    const inputs = Math.min(seqLen, sequence.length);
    for (let t = 0; t < inputs; t++) tokens[base + t] = sequence[t];
    // Position t predicts token t+1; only response tokens (index ≥ prompt length) are targets.
    for (let t = Math.max(0, example.prompt.length - 1); t < inputs && t + 1 < sequence.length; t++) {
      targets[base + t] = sequence[t + 1];
    }
  });
  return { batchSize, seqLen, tokens, targets };
}

function checkExample(example: TrainingExample, row: number, vocabSize: number | undefined): void {
  if (example.prompt.length === 0) {
    throw new InvalidArgumentError(`makeBatch: example ${row} has an empty prompt (it needs at least BOS)`);
  }
  for (const id of [...example.prompt, ...example.response]) {
    if (!Number.isSafeInteger(id) || id < 0 || (vocabSize !== undefined && id >= vocabSize)) {
      const bound = vocabSize === undefined ? '' : ` below vocabSize ${vocabSize}`;
      throw new InvalidArgumentError(`makeBatch: example ${row} holds token id ${id}, expected an integer ≥ 0${bound}`);
    }
  }
}

/** Targets that carry loss (not IGNORE_INDEX) in the whole batch. */
export function targetCount(batch: TrainingBatch): number {
  let count = 0;
  for (const target of batch.targets) if (target !== IGNORE_INDEX) count++;
  return count;
}

/** Checks shapes and ids; throws InvalidArgumentError naming what is wrong. */
export function checkBatch(batch: TrainingBatch, vocabSize: number): void {
  const { batchSize, seqLen, tokens, targets } = batch;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || !Number.isSafeInteger(seqLen) || seqLen < 1) {
    throw new InvalidArgumentError(`batch: batchSize ${batchSize} and seqLen ${seqLen} must be positive integers`);
  }
  const size = batchSize * seqLen;
  if (tokens.length !== size || targets.length !== size) {
    throw new InvalidArgumentError(
      `batch: tokens (${tokens.length}) and targets (${targets.length}) must hold batchSize · seqLen = ${size} ids`,
    );
  }
  for (let i = 0; i < size; i++) {
    if (tokens[i] < 0 || tokens[i] >= vocabSize) {
      throw new InvalidArgumentError(
        `batch: token ${tokens[i]} at index ${i} is outside the vocabulary (${vocabSize})`,
      );
    }
    if (targets[i] !== IGNORE_INDEX && (targets[i] < 0 || targets[i] >= vocabSize)) {
      throw new InvalidArgumentError(
        `batch: target ${targets[i]} at index ${i} is outside the vocabulary (${vocabSize})`,
      );
    }
  }
}

/**
 * Splits a batch into micro-batches of at most `rows` sequences each, for gradient accumulation.
 * Normalise each micro-batch's summed loss by the whole batch's targetCount so the accumulated
 * gradient equals the full batch's mean-loss gradient.
 */
export function splitBatch(batch: TrainingBatch, rows: number): TrainingBatch[] {
  if (!Number.isSafeInteger(rows) || rows < 1) {
    throw new InvalidArgumentError(`splitBatch: rows must be a positive integer, got ${rows}`);
  }
  const parts: TrainingBatch[] = [];
  for (let start = 0; start < batch.batchSize; start += rows) {
    const size = Math.min(rows, batch.batchSize - start);
    const from = start * batch.seqLen;
    const to = (start + size) * batch.seqLen;
    parts.push({
      batchSize: size,
      seqLen: batch.seqLen,
      tokens: batch.tokens.slice(from, to),
      targets: batch.targets.slice(from, to),
    });
  }
  return parts;
}

/**
 * Drops trailing positions after the last target of every row. Causal attention means no earlier
 * position sees them, so loss and gradients are unchanged and the work shrinks.
 */
export function trimBatch(batch: TrainingBatch): TrainingBatch {
  let used = 1;
  for (let r = 0; r < batch.batchSize; r++) {
    for (let t = batch.seqLen - 1; t >= used; t--) {
      if (batch.targets[r * batch.seqLen + t] !== IGNORE_INDEX) {
        used = t + 1;
        break;
      }
    }
  }
  if (used === batch.seqLen) return batch;
  const tokens = new Int32Array(batch.batchSize * used); //  (batchSize, used)
  const targets = new Int32Array(batch.batchSize * used); // (batchSize, used)
  for (let r = 0; r < batch.batchSize; r++) {
    tokens.set(batch.tokens.subarray(r * batch.seqLen, r * batch.seqLen + used), r * used);
    targets.set(batch.targets.subarray(r * batch.seqLen, r * batch.seqLen + used), r * used);
  }
  return { batchSize: batch.batchSize, seqLen: used, tokens, targets };
}
