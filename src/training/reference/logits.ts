import type { LlamaConfig } from '../../llama/config.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import type { TrainingBatch } from '../types.ts';
import { forwardActivations } from './forward.ts';
import { matmulForward } from './ops/matmul.ts';

/** Logits (batchSize · seqLen, vocab) at every position: for parity with the inference engines. */
export function referenceLogits(c: LlamaConfig, w: LlamaWeights, batch: TrainingBatch): Float64Array {
  const acts = forwardActivations(c, w, batch);
  const rows = batch.batchSize * batch.seqLen;
  const logits = new Float64Array(rows * c.vocabSize);
  matmulForward(logits, acts.finalNormed, w.lmHead, rows, c.hiddenSize, c.vocabSize);
  return logits;
}
