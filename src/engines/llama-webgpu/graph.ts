import type { LlamaConfig } from '../../llama/config.ts';
import { bindKernel, createKernel, PARAM_SLOT_BYTES, type Kernel } from './kernel.ts';
import argmaxWgsl from './kernels/argmax.wgsl?raw';
import attentionWgsl from './kernels/attention.wgsl?raw';
import embedWgsl from './kernels/embed.wgsl?raw';
import matmulWgsl from './kernels/matmul.wgsl?raw';
import rmsnormWgsl from './kernels/rmsnorm.wgsl?raw';
import ropeKvWgsl from './kernels/rope-kv.wgsl?raw';
import sampleWgsl from './kernels/sample.wgsl?raw';
import swigluWgsl from './kernels/swiglu.wgsl?raw';
import { TUNING, type EngineShape } from './plan.ts';
import type { EngineBuffers } from './resources.ts';

/**
 * The forward as a list of dispatches, reading top to bottom like llama-cpu's forward():
 * embed → per layer (rmsnorm, qkv, RoPE + KV store, attention, o_proj + residual, rmsnorm,
 * gate‖up, SwiGLU, down + residual) → final norm → LM head → argmax or sampling.
 * Pipelines and bind groups are built once here; encoding a step only records dispatches.
 */

/** What the CPU knows about a step when it encodes it (token ids and positions stay on the GPU side). */
export interface StepShape {
  /** Params slot of this step. */
  slot: number;
  rows: number;
  logitRows: number;
  choose: 'none' | 'argmax' | 'sample';
}

/** A matmul with its two variants: TILE_T = 1 for one-row steps, TUNING.matmulTile otherwise. */
interface Matmul {
  one: Kernel;
  tiled: Kernel;
  outputs: number;
}

interface LayerGroups {
  attnNorm: GPUBindGroup;
  qkv: GPUBindGroup;
  rope: GPUBindGroup;
  attention: GPUBindGroup;
  wo: GPUBindGroup;
  ffnNorm: GPUBindGroup;
  gateUp: GPUBindGroup;
  swiglu: GPUBindGroup;
  down: GPUBindGroup;
}

export class ForwardGraph {
  private constructor(
    private readonly c: LlamaConfig,
    private readonly k: Awaited<ReturnType<typeof buildKernels>>,
    private readonly layerGroups: LayerGroups[],
    private readonly groups: Record<'embed' | 'finalNorm' | 'lmHead' | 'argmax' | 'sample', GPUBindGroup>,
    /** Output rows per matmul workgroup: WG / LANES. */
    private readonly rowsPerGroup: number,
  ) {}

  static async build(device: GPUDevice, s: EngineShape, b: EngineBuffers, f16: boolean): Promise<ForwardGraph> {
    const k = await buildKernels(device, s, f16);
    const bind = (kernel: Kernel, label: string, buffers: GPUBuffer[]): GPUBindGroup =>
      bindKernel(device, kernel, label, b.params, buffers);
    const layerGroups = b.layers.map(
      (l, i): LayerGroups => ({
        attnNorm: bind(k.norm, `L${i}.attn_norm`, [l.attnNorm, b.x, b.xb]),
        qkv: bind(k.qkv.one, `L${i}.qkv_proj`, [l.wqkv, b.xb, b.qkv]),
        rope: bind(k.ropeKv, `L${i}.rope_kv`, [b.qkv, b.ropeCos, b.ropeSin, l.kCache, l.vCache]),
        attention: bind(k.attention, `L${i}.attention`, [b.qkv, l.kCache, l.vCache, b.scores, b.attnOut]),
        wo: bind(k.wo.one, `L${i}.o_proj`, [l.wo, b.attnOut, b.x]),
        ffnNorm: bind(k.norm, `L${i}.ffn_norm`, [l.ffnNorm, b.x, b.xb]),
        gateUp: bind(k.gateUp.one, `L${i}.gate_up_proj`, [l.wGateUp, b.xb, b.gateUp]),
        swiglu: bind(k.swiglu, `L${i}.swiglu`, [b.gateUp, b.h]),
        down: bind(k.down.one, `L${i}.down_proj`, [l.wDown, b.h, b.x]),
      }),
    );
    const groups = {
      embed: bind(k.embed, 'embed', [b.embedding, b.tokens, b.x]),
      finalNorm: bind(k.finalNorm, 'final_norm', [b.finalNorm, b.x, b.xb]),
      lmHead: bind(k.lmHead.one, 'lm_head', [b.lmHead, b.xb, b.logits]),
      argmax: bind(k.argmax, 'argmax', [b.logits, b.tokens, b.confidences]),
      sample: bind(k.sample, 'sample', [b.logits, b.tokens, b.confidences, b.distributions]),
    };
    return new ForwardGraph(s.config, k, layerGroups, groups, TUNING.wg / s.matmulLanes);
  }

  /** Records one step's dispatches into `pass`. */
  encodeStep(pass: GPUComputePassEncoder, step: StepShape): void {
    const { c, k } = this;
    const offset = [step.slot * PARAM_SLOT_BYTES];
    const dispatch = (kernel: Kernel, group: GPUBindGroup, x: number, y = 1): void => {
      pass.setPipeline(kernel.pipeline);
      pass.setBindGroup(0, group, offset);
      pass.dispatchWorkgroups(x, y);
    };
    const matmul = (m: Matmul, group: GPUBindGroup, rows: number): void => {
      const tile = rows === 1 ? 1 : TUNING.matmulTile;
      dispatch(rows === 1 ? m.one : m.tiled, group, Math.ceil(m.outputs / this.rowsPerGroup), Math.ceil(rows / tile));
    };
    const rows = step.rows;
    const wide = (n: number): number => Math.ceil(n / TUNING.wg);

    dispatch(k.embed, this.groups.embed, wide(c.hiddenSize), rows);
    for (const g of this.layerGroups) {
      dispatch(k.norm, g.attnNorm, rows);
      matmul(k.qkv, g.qkv, rows);
      dispatch(k.ropeKv, g.rope, rows);
      dispatch(k.attention, g.attention, c.numHeads, rows);
      matmul(k.wo, g.wo, rows);
      dispatch(k.norm, g.ffnNorm, rows);
      matmul(k.gateUp, g.gateUp, rows);
      dispatch(k.swiglu, g.swiglu, wide(c.intermediateSize), rows);
      matmul(k.down, g.down, rows);
    }
    if (step.logitRows === 0) return;
    dispatch(k.finalNorm, this.groups.finalNorm, step.logitRows);
    matmul(k.lmHead, this.groups.lmHead, step.logitRows);
    if (step.choose === 'argmax') dispatch(k.argmax, this.groups.argmax, 1);
    if (step.choose === 'sample') dispatch(k.sample, this.groups.sample, 1);
  }
}

async function buildKernels(device: GPUDevice, s: EngineShape, f16: boolean) {
  const c = s.config;
  const dim = c.hiddenSize;
  const qDim = c.numHeads * c.headDim;
  const kvDim = c.numKvHeads * c.headDim;
  const hidden = c.intermediateSize;
  const wg = TUNING.wg;
  const heads = { HEADS: c.numHeads, KV_HEADS: c.numKvHeads, HEAD_DIM: c.headDim, WG: wg };
  const matmul = async (
    label: string,
    n: number,
    d: number,
    flags: { ACCUMULATE?: number; LM_HEAD?: number } = {},
  ): Promise<Matmul> => {
    const spec = (tile: number) => ({
      label: `${label} matmul (${d}×${n}, tile ${tile})`,
      code: matmulWgsl,
      bindings: ['read', 'read', 'read-write'] as const,
      constants: { N: n, D: d, TILE_T: tile, LANES: s.matmulLanes, WG: wg, ...flags },
      f16Weights: f16,
    });
    const [one, tiled] = await Promise.all([
      createKernel(device, spec(1)),
      createKernel(device, spec(TUNING.matmulTile)),
    ]);
    return { one, tiled, outputs: d };
  };
  const [embed, norm, finalNorm, ropeKv, attention, swiglu, argmax, sample, qkv, wo, gateUp, down, lmHead] =
    await Promise.all([
      createKernel(device, {
        label: 'embed',
        code: embedWgsl,
        bindings: ['read', 'read', 'read-write'],
        constants: { DIM: dim, WG: wg },
      }),
      createKernel(device, {
        label: 'rmsnorm',
        code: rmsnormWgsl,
        bindings: ['read', 'read', 'read-write'],
        constants: { DIM: dim, EPS: c.rmsNormEps, WG: wg },
      }),
      createKernel(device, {
        label: 'final rmsnorm',
        code: rmsnormWgsl,
        bindings: ['read', 'read', 'read-write'],
        constants: { DIM: dim, EPS: c.rmsNormEps, WG: wg, FINAL: 1 },
      }),
      createKernel(device, {
        label: 'rope_kv',
        code: ropeKvWgsl,
        bindings: ['read-write', 'read', 'read', 'read-write', 'read-write'],
        constants: heads,
      }),
      createKernel(device, {
        label: 'attention',
        code: attentionWgsl,
        bindings: ['read', 'read', 'read', 'read-write', 'read-write'],
        constants: { ...heads, MAX_SEQ: s.maxSeq, SCALE: 1 / Math.sqrt(c.headDim) },
      }),
      createKernel(device, {
        label: 'swiglu',
        code: swigluWgsl,
        bindings: ['read', 'read-write'],
        constants: { HIDDEN: hidden, WG: wg },
      }),
      createKernel(device, {
        label: 'argmax',
        code: argmaxWgsl,
        bindings: ['read', 'read-write', 'read-write'],
        constants: { VOCAB: c.vocabSize, WG: TUNING.selectWg },
      }),
      createKernel(device, {
        label: 'sample',
        code: sampleWgsl,
        bindings: ['read', 'read-write', 'read-write', 'read-write'],
        constants: { VOCAB: c.vocabSize, WG: TUNING.selectWg },
      }),
      matmul('qkv_proj', dim, qDim + 2 * kvDim),
      matmul('o_proj', qDim, dim, { ACCUMULATE: 1 }),
      matmul('gate_up_proj', dim, 2 * hidden),
      matmul('down_proj', hidden, dim, { ACCUMULATE: 1 }),
      matmul('lm_head', dim, c.vocabSize, { LM_HEAD: 1 }),
    ]);
  return { embed, norm, finalNorm, ropeKv, attention, swiglu, argmax, sample, qkv, wo, gateUp, down, lmHead };
}
