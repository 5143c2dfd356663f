import type { LlamaConfig } from '../../../llama/config.ts';
import { TrainingOp } from '../op.ts';
import { REDUCE_WG } from '../tuning.ts';
import attentionWgsl from './attention.wgsl?raw';
import attentionBackwardKvWgsl from './attention-backward-kv.wgsl?raw';
import attentionBackwardQueryWgsl from './attention-backward-query.wgsl?raw';
import ropeWgsl from './rope.wgsl?raw';

/**
 * RoPE (forward, and inverse for the gradients) and causal GQA attention with its two backward
 * halves, over qkv rows laid out as q heads ‖ k heads ‖ v heads.
 */
export class AttentionKernels {
  private constructor(
    readonly rope: TrainingOp<'qkv' | 'ropeCos' | 'ropeSin'>,
    readonly ropeInverse: TrainingOp<'qkv' | 'ropeCos' | 'ropeSin'>,
    readonly forward: TrainingOp<'qkv' | 'out' | 'lse'>,
    readonly backwardQuery: TrainingOp<'qkv' | 'out' | 'lse' | 'dOut' | 'delta' | 'dqkv'>,
    readonly backwardKv: TrainingOp<'qkv' | 'lse' | 'dOut' | 'delta' | 'dqkv'>,
    private readonly c: LlamaConfig,
  ) {}

  static async create(device: GPUDevice, c: LlamaConfig): Promise<AttentionKernels> {
    const heads = { HEADS: c.numHeads, KV_HEADS: c.numKvHeads, HEAD_DIM: c.headDim, WG: REDUCE_WG };
    const attention = { ...heads, SCALE: 1 / Math.sqrt(c.headDim) };
    const ropeBindings = { qkv: 'read-write', ropeCos: 'read', ropeSin: 'read' } as const;
    const [rope, ropeInverse, forward, backwardQuery, backwardKv] = await Promise.all([
      TrainingOp.create(device, { label: 'rope', code: ropeWgsl, bindings: ropeBindings, constants: heads }),
      TrainingOp.create(device, {
        label: 'rope backward',
        code: ropeWgsl,
        bindings: ropeBindings,
        constants: { ...heads, INVERSE: 1 },
      }),
      TrainingOp.create(device, {
        label: 'attention',
        code: attentionWgsl,
        bindings: { qkv: 'read', out: 'read-write', lse: 'read-write' },
        constants: attention,
      }),
      TrainingOp.create(device, {
        label: 'attention backward (query)',
        code: attentionBackwardQueryWgsl,
        bindings: { qkv: 'read', out: 'read', lse: 'read', dOut: 'read', delta: 'read-write', dqkv: 'read-write' },
        constants: attention,
      }),
      TrainingOp.create(device, {
        label: 'attention backward (key, value)',
        code: attentionBackwardKvWgsl,
        bindings: { qkv: 'read', lse: 'read', dOut: 'read', delta: 'read', dqkv: 'read-write' },
        constants: attention,
      }),
    ]);
    return new AttentionKernels(rope, ropeInverse, forward, backwardQuery, backwardKv, c);
  }

  /** RoPE on the q and k heads (inverse: on their gradients). */
  runRope(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number, inverse = false): void {
    const pairs = (this.c.numHeads + this.c.numKvHeads) * (this.c.headDim / 2);
    (inverse ? this.ropeInverse : this.rope).dispatch(pass, group, [Math.ceil(pairs / REDUCE_WG), rows]);
  }

  runForward(pass: GPUComputePassEncoder, group: GPUBindGroup, rows: number): void {
    this.forward.dispatch(pass, group, [Math.ceil((rows * this.c.numHeads) / REDUCE_WG)]);
  }

  /** The query side first: it writes D, which the key/value side reads. */
  runBackward(pass: GPUComputePassEncoder, query: GPUBindGroup, kv: GPUBindGroup, rows: number): void {
    this.backwardQuery.dispatch(pass, query, [Math.ceil((rows * this.c.numHeads) / REDUCE_WG)]);
    this.backwardKv.dispatch(pass, kv, [Math.ceil((rows * this.c.numKvHeads) / REDUCE_WG)]);
  }
}
