// Prepended to every training kernel (createKernel's `params`): the values of one micro-batch and
// of the optimizer step. One slot, written with one writeBuffer before each submission; the queue
// runs writes and submissions in order, so each micro-batch's submission sees its own values.
struct Train {
  rows: u32,         // rows of this micro-batch: sequences × seqLen
  seqLen: u32,       // positions per sequence; a row's position is row % seqLen
  uniqueTokens: u32, // distinct input ids in this micro-batch (embedding backward)
  lossRow0: u32,     // first loss row of this micro-batch in lossRows
  lossRows: u32,     // loss rows of the whole batch (the loss reduction): its targets
  headRows: u32,     // rows of this micro-batch that carry a target: the LM head's rows
  invTargets: f32,   // 1 / non-ignored targets of the whole batch (0 when there are none)
  learningRate: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  weightDecay: f32,
  correction1: f32,  // 1 − β1^step
  correction2: f32,  // 1 − β2^step
  clipNorm: f32,     // global-norm clip; 0: off
}
@group(0) @binding(0) var<uniform> params: Train;
