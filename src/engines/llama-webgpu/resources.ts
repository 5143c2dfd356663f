import { f32ToF16Bits } from '../../llama/half.ts';
import { ropeTables } from '../llama-cpu/math.ts';
import type { LlamaWeights } from '../../llama/weights.ts';
import { formatSize } from '../../format.ts';
import { OutOfMemoryScopes, type ErrorScopeDevice } from '../gpu-out-of-memory.ts';
import type { EngineShape } from './plan.ts';

/**
 * Every GPU buffer the engine owns, created once and reused for every step. Weights are uploaded
 * once; q/k/v and gate/up are fused into one matrix each so a layer does two wide matmuls instead
 * of five narrow ones.
 */

export interface LayerBuffers {
  attnNorm: GPUBuffer; // (dim,)                       f32
  wqkv: GPUBuffer; //     (qDim + 2 kvDim, dim)        weight type: q_proj ‖ k_proj ‖ v_proj
  wo: GPUBuffer; //       (dim, qDim)                  weight type
  ffnNorm: GPUBuffer; //  (dim,)                       f32
  wGateUp: GPUBuffer; //  (2 hidden, dim)              weight type: gate_proj ‖ up_proj
  wDown: GPUBuffer; //    (dim, hidden)                weight type
  kCache: GPUBuffer; //   (maxSeq, kvDim)              f32, keys after RoPE
  vCache: GPUBuffer; //   (maxSeq, kvDim)              f32
}

export interface EngineBuffers {
  embedding: GPUBuffer; //     (vocab, dim)                 f32
  layers: LayerBuffers[]; //   (nLayers,)
  finalNorm: GPUBuffer; //     (dim,)                       f32
  lmHead: GPUBuffer; //        (vocab, dim)                 weight type
  ropeCos: GPUBuffer; //       (maxSeq, headDim / 2)        f32
  ropeSin: GPUBuffer; //       (maxSeq, headDim / 2)        f32
  x: GPUBuffer; //             (chunkRows, dim)             residual stream
  xb: GPUBuffer; //            (chunkRows, dim)             normed input of a sublayer / of the LM head
  qkv: GPUBuffer; //           (chunkRows, qDim + 2 kvDim)  q (rotated in place), k, v
  attnOut: GPUBuffer; //       (chunkRows, qDim)            attention output, heads concatenated
  scores: GPUBuffer; //        (chunkRows, heads, maxSeq)   attention weights scratch
  gateUp: GPUBuffer; //        (chunkRows, 2 hidden)
  h: GPUBuffer; //             (chunkRows, hidden)          silu(gate) · up
  logits: GPUBuffer; //        (chunkRows, vocab)
  tokens: GPUBuffer; //        (maxSeq + maxDraft,) u32     fed ids, then each draft step's choice
  confidences: GPUBuffer; //   (maxDraft,)                  probability of each chosen token
  distributions: GPUBuffer; // (maxDraft, vocab)            sampled drafts' q rows
  params: GPUBuffer; //        (slots, 256 B) uniform       per-step Step structs
}

/** The part of a GPUDevice that allocation uses (a fake in unit tests). */
export type AllocatingDevice = Pick<GPUDevice, 'createBuffer'> & {
  queue: Pick<GPUQueue, 'writeBuffer'>;
} & ErrorScopeDevice;

/** Creates one buffer and fills it (the upload counts: writeBuffer may run out of memory too). */
type MakeBuffer = (descriptor: GPUBufferDescriptor, upload?: (buffer: GPUBuffer) => void) => GPUBuffer;

/**
 * Allocates and uploads every buffer of the engine, each in its own 'out-of-memory' error scope:
 * when the GPU runs out of memory the GpuOutOfMemoryError names the buffer being allocated and its
 * size. On any failure the buffers made so far are destroyed before the error is thrown.
 */
export async function allocateEngineBuffers(
  device: AllocatingDevice,
  s: EngineShape,
  weights: LlamaWeights,
  paramSlots: number,
): Promise<EngineBuffers> {
  const scopes = new OutOfMemoryScopes(device);
  const created: GPUBuffer[] = [];
  const make: MakeBuffer = (descriptor, upload) =>
    scopes.run(`allocating ${descriptor.label ?? 'a buffer'} (${formatSize(descriptor.size)})`, () => {
      const buffer = device.createBuffer(descriptor);
      created.push(buffer);
      upload?.(buffer);
      return buffer;
    });
  try {
    const buffers = createEngineBuffers(device, s, weights, paramSlots, make);
    await scopes.check();
    return buffers;
  } catch (error) {
    for (const buffer of created) buffer.destroy();
    throw error;
  }
}

function createEngineBuffers(
  device: AllocatingDevice,
  s: EngineShape,
  weights: LlamaWeights,
  paramSlots: number,
  make: MakeBuffer,
): EngineBuffers {
  // Read here, not at module load: Node (unit tests) has no GPUBufferUsage until a test provides it.
  const STORAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const c = s.config;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;
  const rows = s.chunkRows;
  const f32 = (label: string, length: number): GPUBuffer => make({ label, size: align4(length * 4), usage: STORAGE });
  const vector = (label: string, data: Float32Array): GPUBuffer =>
    make({ label, size: align4(data.length * 4), usage: STORAGE }, (buffer) =>
      device.queue.writeBuffer(buffer, 0, unshared(data)),
    );
  const matrix = (label: string, parts: readonly Float32Array[]): GPUBuffer => {
    const length = parts.reduce((n, p) => n + p.length, 0);
    return make({ label, size: align4(length * s.weightBytes), usage: STORAGE }, (buffer) =>
      uploadMatrix(device, buffer, label, parts, s.weightBytes),
    );
  };

  const layers = weights.layers.map(
    (w, l): LayerBuffers => ({
      attnNorm: vector(`L${l}.attn_norm (${dim})`, w.attnNorm),
      wqkv: matrix(`L${l}.qkv_proj (${qDim + 2 * kvDim}, ${dim})`, [w.wq, w.wk, w.wv]),
      wo: matrix(`L${l}.o_proj (${dim}, ${qDim})`, [w.wo]),
      ffnNorm: vector(`L${l}.ffn_norm (${dim})`, w.ffnNorm),
      wGateUp: matrix(`L${l}.gate_up_proj (${2 * hidden}, ${dim})`, [w.wGate, w.wUp]),
      wDown: matrix(`L${l}.down_proj (${dim}, ${hidden})`, [w.wDown]),
      kCache: f32(`L${l}.k_cache (${s.maxSeq}, ${kvDim})`, s.maxSeq * kvDim),
      vCache: f32(`L${l}.v_cache (${s.maxSeq}, ${kvDim})`, s.maxSeq * kvDim),
    }),
  );
  const rope = ropeTables(s.maxSeq, c.headDim, c.ropeTheta);
  return {
    embedding: vector(`embed_tokens (${c.vocabSize}, ${dim})`, weights.tokenEmbedding),
    layers,
    finalNorm: vector(`final_norm (${dim})`, weights.finalNorm),
    lmHead: matrix(`lm_head (${c.vocabSize}, ${dim})`, [weights.lmHead]),
    ropeCos: vector(`rope_cos (${s.maxSeq}, ${c.headDim / 2})`, rope.cos),
    ropeSin: vector(`rope_sin (${s.maxSeq}, ${c.headDim / 2})`, rope.sin),
    x: f32(`x (${rows}, ${dim})`, rows * dim),
    xb: f32(`xb (${rows}, ${dim})`, rows * dim),
    qkv: f32(`qkv (${rows}, ${qDim + 2 * kvDim})`, rows * (qDim + 2 * kvDim)),
    attnOut: f32(`attn_out (${rows}, ${qDim})`, rows * qDim),
    scores: f32(`scores (${rows}, ${c.numHeads}, ${s.maxSeq})`, rows * c.numHeads * s.maxSeq),
    gateUp: f32(`gate_up (${rows}, ${2 * hidden})`, rows * 2 * hidden),
    h: f32(`h (${rows}, ${hidden})`, rows * hidden),
    logits: f32(`logits (${rows}, ${c.vocabSize})`, rows * c.vocabSize),
    tokens: f32(`tokens (${s.maxSeq + s.maxDraft},) u32`, s.maxSeq + s.maxDraft),
    confidences: f32(`confidences (${s.maxDraft},)`, s.maxDraft),
    distributions: f32(`distributions (${s.maxDraft}, ${c.vocabSize})`, s.maxDraft * c.vocabSize),
    params: make({
      label: `step params (${paramSlots} slots × 256 B)`,
      size: paramSlots * 256,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    }),
  };
}

/** Uploads row-major parts stacked on top of each other, as f32 or as f16 bit patterns. */
function uploadMatrix(
  device: Pick<AllocatingDevice, 'queue'>,
  buffer: GPUBuffer,
  label: string,
  parts: readonly Float32Array[],
  weightBytes: 2 | 4,
): void {
  let offset = 0;
  for (const part of parts) {
    if (weightBytes === 4) {
      device.queue.writeBuffer(buffer, offset * 4, unshared(part));
    } else {
      // writeBuffer wants a multiple of 4 bytes: pad an odd-length part with one zero half.
      const halves = new Uint16Array(part.length + (part.length % 2));
      for (let i = 0; i < part.length; i++) halves[i] = f32ToF16Bits(part[i]);
      if (offset % 2 === 0) device.queue.writeBuffer(buffer, offset * 2, halves);
      else throw new Error(`${label}: f16 parts must start at an even element offset`);
    }
    offset += part.length;
  }
}

export function destroyEngineBuffers(b: EngineBuffers): void {
  for (const layer of b.layers) for (const buffer of Object.values(layer)) buffer.destroy();
  for (const [key, value] of Object.entries(b)) if (key !== 'layers') (value as GPUBuffer).destroy();
}

/** Weights are read into plain ArrayBuffers (never SharedArrayBuffers), which writeBuffer takes. */
function unshared(data: Float32Array): Float32Array<ArrayBuffer> {
  return data as Float32Array<ArrayBuffer>;
}

function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}
