import type { LlamaConfig } from '../../llama/config.ts';

/**
 * Every buffer the WebGPU trainer holds, laid out once from the shape. The same function serves the
 * memory plan (with a `make` that only records label and size) and the allocation (with a `make`
 * that creates GPU buffers), so the plan cannot drift from what is allocated.
 */

export interface TrainerShape {
  config: LlamaConfig;
  /** Most sequences one step() takes. */
  maxBatchSize: number;
  /** Most positions per sequence. */
  maxSeqLen: number;
  /** Sequences per micro-batch: a batch is run in parts of this size, gradients accumulated. */
  microBatch: number;
}

export type BufferRole = 'storage' | 'uniform' | 'readback';
export type Make<B> = (label: string, bytes: number, role?: BufferRole) => B;

/** One trainable tensor on the GPU: value, gradient and AdamW's two moments, all (length,) f32. */
export interface ParameterBuffers<B> {
  name: string;
  length: number;
  /** Decoupled weight decay applies (not to RMSNorm weights). */
  decay: boolean;
  param: B;
  grad: B;
  m: B;
  v: B;
}

export interface LayerParameters<B> {
  attnNorm: ParameterBuffers<B>; // (dim,)
  wqkv: ParameterBuffers<B>; //     (qDim + 2 kvDim, dim)  q_proj ‖ k_proj ‖ v_proj
  wo: ParameterBuffers<B>; //       (dim, qDim)
  ffnNorm: ParameterBuffers<B>; //  (dim,)
  wGateUp: ParameterBuffers<B>; //  (2 hidden, dim)       gate_proj ‖ up_proj
  wDown: ParameterBuffers<B>; //    (dim, hidden)
}

/** What one layer's forward keeps for its backward (R = microBatch · maxSeqLen rows). */
export interface LayerActivations<B> {
  x: B; //        (R, dim)            the residual stream entering the layer
  attnXn: B; //   (R, dim)            attention RMSNorm output
  attnRstd: B; // (R,)                its 1 / rms
  qkv: B; //      (R, qDim + 2 kvDim) after RoPE
  lse: B; //      (R, heads)          attention log-sum-exp
  attnOut: B; //  (R, qDim)           attention output, heads concatenated
  xMid: B; //     (R, dim)            residual stream after attention
  ffnXn: B; //    (R, dim)            FFN RMSNorm output
  ffnRstd: B; //  (R,)
  gateUp: B; //   (R, 2 hidden)       gate ‖ up before SwiGLU
}

export interface TrainerBuffers<B> {
  embedding: ParameterBuffers<B>; // (vocab, dim)
  layers: LayerParameters<B>[]; //   (nLayers,)
  finalNorm: ParameterBuffers<B>; // (dim,)
  lmHead: ParameterBuffers<B>; //    (vocab, dim): the embedding itself when tied
  saved: LayerActivations<B>[]; //   (nLayers,)
  xFinal: B; //       (R, dim)       residual stream after the last layer
  finalXn: B; //      (R, dim)
  finalRstd: B; //    (R,)
  headXn: B; //       (R, dim)       final_norm_out of the target rows, gathered: the LM head's input
  logits: B; //       (R, vocab)     logits of the target rows, then dLogits in place
  dHeadXn: B; //      (R, dim)       the LM head's input gradient, before it is scattered to d_norm_out
  act: B; //          (R, hidden)    silu(gate) · up, recomputed in the backward
  dResid: B; //       (R, dim)       gradient of the residual stream
  dXn: B; //          (R, dim)       gradient of an RMSNorm output
  dAct: B; //         (R, hidden)
  dGateUp: B; //      (R, 2 hidden)
  dAttnOut: B; //     (R, qDim)
  dQkv: B; //         (R, qDim + 2 kvDim)
  delta: B; //        (R, heads)     attention backward's dO · O
  tokens: B; //       (R,) u32
  targets: B; //      (R,) i32       targets of the target rows, in order
  headIndex: B; //    (R,) u32       the target rows, in order
  rowHead: B; //      (R,) u32       each row's place among them, or NO_HEAD_ROW
  tokenGroups: B; //  (3 R + 1,) u32 rows grouped by token (embedding backward)
  lossRows: B; //     (maxBatchSize · maxSeqLen,) loss of each target of the whole batch
  normPartials: B; // (tensors, NORM_GROUPS) first stage of the gradient norm
  stats: B; //        (4,) loss, gradient norm, clip coefficient, Σ g²
  ropeCos: B; //      (maxSeqLen, headDim / 2)
  ropeSin: B; //      (maxSeqLen, headDim / 2)
  params: B; //       (256 B) uniform Train struct
  statsReadback: B; // (4,) MAP_READ
}

export function layoutBuffers<B>(s: TrainerShape, make: Make<B>, normGroups: number): TrainerBuffers<B> {
  const c = s.config;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const qkvDim = qDim + 2 * kvDim;
  const hidden = c.intermediateSize;
  const R = s.microBatch * s.maxSeqLen;
  const f32 = (label: string, ...shape: number[]): B =>
    make(`${label} (${shape.join(', ')})`, 4 * shape.reduce((a, b) => a * b, 1));
  const parameter = (name: string, decay: boolean, ...shape: number[]): ParameterBuffers<B> => ({
    name,
    length: shape.reduce((a, b) => a * b, 1),
    decay,
    param: f32(name, ...shape),
    grad: f32(`${name} grad`, ...shape),
    m: f32(`${name} adam m`, ...shape),
    v: f32(`${name} adam v`, ...shape),
  });

  const embedding = parameter('embed_tokens', true, c.vocabSize, dim);
  const layers = Array.from(
    { length: c.numLayers },
    (_, l): LayerParameters<B> => ({
      attnNorm: parameter(`L${l}.input_layernorm`, false, dim),
      wqkv: parameter(`L${l}.qkv_proj`, true, qkvDim, dim),
      wo: parameter(`L${l}.o_proj`, true, dim, qDim),
      ffnNorm: parameter(`L${l}.post_attention_layernorm`, false, dim),
      wGateUp: parameter(`L${l}.gate_up_proj`, true, 2 * hidden, dim),
      wDown: parameter(`L${l}.down_proj`, true, dim, hidden),
    }),
  );
  const finalNorm = parameter('norm', false, dim);
  const lmHead = c.tieWordEmbeddings ? embedding : parameter('lm_head', true, c.vocabSize, dim);
  const tensors = 1 + 6 * c.numLayers + 1 + (c.tieWordEmbeddings ? 0 : 1);

  const saved = Array.from(
    { length: c.numLayers },
    (_, l): LayerActivations<B> => ({
      x: f32(`L${l}.x`, R, dim),
      attnXn: f32(`L${l}.attn_norm_out`, R, dim),
      attnRstd: f32(`L${l}.attn_rstd`, R),
      qkv: f32(`L${l}.qkv`, R, qkvDim),
      lse: f32(`L${l}.attn_lse`, R, c.numHeads),
      attnOut: f32(`L${l}.attn_out`, R, qDim),
      xMid: f32(`L${l}.x_mid`, R, dim),
      ffnXn: f32(`L${l}.ffn_norm_out`, R, dim),
      ffnRstd: f32(`L${l}.ffn_rstd`, R),
      gateUp: f32(`L${l}.gate_up`, R, 2 * hidden),
    }),
  );
  return {
    embedding,
    layers,
    finalNorm,
    lmHead,
    saved,
    xFinal: f32('x_final', R, dim),
    finalXn: f32('final_norm_out', R, dim),
    finalRstd: f32('final_rstd', R),
    headXn: f32('head_in', R, dim),
    logits: f32('logits', R, c.vocabSize),
    dHeadXn: f32('d_head_in', R, dim),
    act: f32('act', R, hidden),
    dResid: f32('d_resid', R, dim),
    dXn: f32('d_norm_out', R, dim),
    dAct: f32('d_act', R, hidden),
    dGateUp: f32('d_gate_up', R, 2 * hidden),
    dAttnOut: f32('d_attn_out', R, qDim),
    dQkv: f32('d_qkv', R, qkvDim),
    delta: f32('attn_delta', R, c.numHeads),
    tokens: f32('tokens u32', R),
    targets: f32('targets i32', R),
    headIndex: f32('head_index u32', R),
    rowHead: f32('row_head u32', R),
    tokenGroups: f32('token_groups u32', 3 * R + 1),
    lossRows: f32('loss_rows', s.maxBatchSize * s.maxSeqLen),
    normPartials: f32('norm_partials', tensors, normGroups),
    stats: f32('stats', 4),
    ropeCos: f32('rope_cos', s.maxSeqLen, c.headDim / 2),
    ropeSin: f32('rope_sin', s.maxSeqLen, c.headDim / 2),
    params: make('train params (256 B)', 256, 'uniform'),
    statsReadback: make('stats readback (4,)', 16, 'readback'),
  };
}

/** The trainable tensors in a fixed order, each once (a tied LM head is the embedding). */
export function parameterList<B>(b: TrainerBuffers<B>): ParameterBuffers<B>[] {
  const list = [b.embedding];
  for (const l of b.layers) list.push(l.attnNorm, l.wqkv, l.wo, l.ffnNorm, l.wGateUp, l.wDown);
  list.push(b.finalNorm);
  if (b.lmHead !== b.embedding) list.push(b.lmHead);
  return list;
}
