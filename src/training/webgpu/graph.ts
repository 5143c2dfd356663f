import type { TrainingKernels } from './kernels/index.ts';
import { type LayerActivations, type LayerParameters, parameterList, type TrainerBuffers } from './layout.ts';
import type { Binding } from './op.ts';
import { NORM_GROUPS } from './tuning.ts';

/**
 * The training step as dispatches, built once: bind groups for every layer, then encoding a
 * micro-batch only records dispatches. Reads top to bottom like the CPU reference:
 * forward (embed → layers → final norm → LM head → cross-entropy, which leaves dLogits) →
 * backward (LM head → final norm → layers in reverse → embedding) → optimizer (gradient norm,
 * stats, AdamW per tensor).
 */

type Groups<K extends string> = Record<K, GPUBindGroup>;

type LayerGroup =
  | 'attnNorm'
  | 'qkv'
  | 'rope'
  | 'attention'
  | 'o'
  | 'ffnNorm'
  | 'gateUp'
  | 'swiglu'
  | 'down'
  | 'downInput'
  | 'downWeight'
  | 'swigluBack'
  | 'gateUpInput'
  | 'gateUpWeight'
  | 'ffnNormBack'
  | 'ffnNormWeight'
  | 'oInput'
  | 'oWeight'
  | 'attentionBackQuery'
  | 'attentionBackKv'
  | 'ropeBack'
  | 'qkvInput'
  | 'qkvWeight'
  | 'attnNormBack'
  | 'attnNormWeight';

type TopGroup =
  | 'embed'
  | 'finalNorm'
  | 'gatherHead'
  | 'lmHead'
  | 'scatterHead'
  | 'crossEntropy'
  | 'lmHeadInput'
  | 'lmHeadWeight'
  | 'finalNormBack'
  | 'finalNormWeight'
  | 'embedBack'
  | 'stats'
  | 'lossStats';

interface TensorGroups {
  norm: GPUBindGroup;
  adamw: GPUBindGroup;
  decay: boolean;
  length: number;
}

export class TrainingGraph {
  private constructor(
    private readonly k: TrainingKernels,
    private readonly layers: Groups<LayerGroup>[],
    private readonly top: Groups<TopGroup>,
    private readonly tensors: TensorGroups[],
  ) {}

  static build(device: GPUDevice, k: TrainingKernels, b: TrainerBuffers<GPUBuffer>): TrainingGraph {
    const p = b.params;
    const layers = b.layers.map((w, l) =>
      layerGroups(device, k, b, w, b.saved[l], l + 1 < b.layers.length ? b.saved[l + 1].x : b.xFinal, `L${l}`),
    );
    const statsBuffers = { lossRows: b.lossRows, partials: b.normPartials, stats: b.stats };
    const first = b.saved.length > 0 ? b.saved[0].x : b.xFinal;
    const top: Groups<TopGroup> = {
      embed: k.embedding.forward.bind(device, p, 'embed', {
        embedding: b.embedding.param,
        tokens: b.tokens,
        x: first,
      }),
      finalNorm: k.rmsnorm.forward.bind(device, p, 'final_norm', {
        weight: b.finalNorm.param,
        x: b.xFinal,
        out: b.finalXn,
        rstd: b.finalRstd,
      }),
      gatherHead: k.rows.gather.bind(device, p, 'gather target rows', {
        src: b.finalXn,
        index: b.headIndex,
        out: b.headXn,
      }),
      lmHead: k.lmHead.forward.bind(device, p, 'lm_head', { a: b.headXn, b: b.lmHead.param, c: b.logits }),
      scatterHead: k.rows.scatter.bind(device, p, 'scatter target rows', {
        src: b.dHeadXn,
        index: b.rowHead,
        out: b.dXn,
      }),
      crossEntropy: k.crossEntropy.op.bind(device, p, 'cross-entropy', {
        targets: b.targets,
        logits: b.logits,
        lossRows: b.lossRows,
      }),
      lmHeadInput: k.lmHead.input.bind(device, p, 'lm_head input grad', {
        a: b.logits,
        b: b.lmHead.param,
        c: b.dHeadXn,
      }),
      lmHeadWeight: k.lmHead.weight.bind(device, p, 'lm_head weight grad', {
        a: b.logits,
        b: b.headXn,
        c: b.lmHead.grad,
      }),
      finalNormBack: k.rmsnorm.backwardInput.bind(device, p, 'final_norm input grad', {
        weight: b.finalNorm.param,
        x: b.xFinal,
        rstd: b.finalRstd,
        dy: b.dXn,
        dx: b.dResid,
      }),
      finalNormWeight: k.rmsnorm.backwardWeight.bind(device, p, 'final_norm weight grad', {
        x: b.xFinal,
        rstd: b.finalRstd,
        dy: b.dXn,
        grad: b.finalNorm.grad,
      }),
      embedBack: k.embedding.backward.bind(device, p, 'embed grad', {
        dx: b.dResid,
        groups: b.tokenGroups,
        grad: b.embedding.grad,
      }),
      stats: k.optimizer.stats.bind(device, p, 'step stats', statsBuffers),
      lossStats: k.optimizer.lossOnly.bind(device, p, 'loss stats', statsBuffers),
    };
    const tensors = parameterList(b).map((t, i): TensorGroups => {
      const window: Binding = { buffer: b.normPartials, offset: i * NORM_GROUPS * 4, size: NORM_GROUPS * 4 };
      return {
        norm: k.optimizer.gradNorm.bind(device, p, `${t.name} grad norm`, { grad: t.grad, partials: window }),
        adamw: k.optimizer.adamw.bind(device, p, `${t.name} adamw`, {
          param: t.param,
          grad: t.grad,
          m: t.m,
          v: t.v,
          stats: b.stats,
        }),
        decay: t.decay,
        length: t.length,
      };
    });
    return new TrainingGraph(k, layers, top, tensors);
  }

  /**
   * Forward with saved activations; the LM head and cross-entropy run on the `headRows` rows that
   * carry a target, and leave dLogits in the logits buffer and a loss per target.
   */
  encodeForward(pass: GPUComputePassEncoder, rows: number, headRows: number): void {
    const { k, top } = this;
    k.embedding.runForward(pass, top.embed, rows);
    for (const g of this.layers) {
      k.rmsnorm.runForward(pass, g.attnNorm, rows);
      k.qkv.forward.dispatch(pass, g.qkv, rows);
      k.attention.runRope(pass, g.rope, rows);
      k.attention.runForward(pass, g.attention, rows);
      k.o.forward.dispatch(pass, g.o, rows);
      k.rmsnorm.runForward(pass, g.ffnNorm, rows);
      k.gateUp.forward.dispatch(pass, g.gateUp, rows);
      k.swiglu.runForward(pass, g.swiglu, rows);
      k.down.forward.dispatch(pass, g.down, rows);
    }
    k.rmsnorm.runForward(pass, top.finalNorm, rows);
    k.rows.runGather(pass, top.gatherHead, headRows);
    k.lmHead.forward.dispatch(pass, top.lmHead, headRows);
    k.crossEntropy.run(pass, top.crossEntropy, headRows);
  }

  /** Backward, accumulating into every gradient; d_resid must be zero on entry. */
  encodeBackward(pass: GPUComputePassEncoder, rows: number, headRows: number, uniqueTokens: number): void {
    const { k, top } = this;
    k.lmHead.input.dispatch(pass, top.lmHeadInput, headRows);
    k.lmHead.weight.dispatch(pass, top.lmHeadWeight, headRows);
    k.rows.runScatter(pass, top.scatterHead, rows);
    k.rmsnorm.runBackwardInput(pass, top.finalNormBack, rows);
    k.rmsnorm.runBackwardWeight(pass, top.finalNormWeight);
    for (const g of [...this.layers].reverse()) {
      k.down.input.dispatch(pass, g.downInput, rows);
      k.swiglu.runForward(pass, g.swiglu, rows); // act was overwritten by later layers: recompute
      k.down.weight.dispatch(pass, g.downWeight, rows);
      k.swiglu.runBackward(pass, g.swigluBack, rows);
      k.gateUp.input.dispatch(pass, g.gateUpInput, rows);
      k.gateUp.weight.dispatch(pass, g.gateUpWeight, rows);
      k.rmsnorm.runBackwardInput(pass, g.ffnNormBack, rows);
      k.rmsnorm.runBackwardWeight(pass, g.ffnNormWeight);
      k.o.input.dispatch(pass, g.oInput, rows);
      k.o.weight.dispatch(pass, g.oWeight, rows);
      k.attention.runBackward(pass, g.attentionBackQuery, g.attentionBackKv, rows);
      k.attention.runRope(pass, g.ropeBack, rows, true);
      k.qkv.input.dispatch(pass, g.qkvInput, rows);
      k.qkv.weight.dispatch(pass, g.qkvWeight, rows);
      k.rmsnorm.runBackwardInput(pass, g.attnNormBack, rows);
      k.rmsnorm.runBackwardWeight(pass, g.attnNormWeight);
    }
    k.embedding.runBackward(pass, top.embedBack, uniqueTokens);
  }

  /** Gradient norm, loss and clip coefficient, then AdamW on every tensor. */
  encodeOptimizer(pass: GPUComputePassEncoder): void {
    for (const t of this.tensors) this.k.optimizer.runGradNorm(pass, t.norm);
    this.k.optimizer.runStats(pass, this.top.stats, true);
    for (const t of this.tensors) this.k.optimizer.runAdamw(pass, t.adamw, t.decay, t.length);
  }

  /** The loss alone (evaluation): stats without the gradient norm. */
  encodeLoss(pass: GPUComputePassEncoder): void {
    this.k.optimizer.runStats(pass, this.top.lossStats, false);
  }
}

function layerGroups(
  device: GPUDevice,
  k: TrainingKernels,
  b: TrainerBuffers<GPUBuffer>,
  w: LayerParameters<GPUBuffer>,
  s: LayerActivations<GPUBuffer>,
  next: GPUBuffer,
  name: string,
): Groups<LayerGroup> {
  const p = b.params;
  const rope = { ropeCos: b.ropeCos, ropeSin: b.ropeSin };
  const norm = (label: string, weight: GPUBuffer, x: GPUBuffer, out: GPUBuffer, rstd: GPUBuffer) => ({
    forward: k.rmsnorm.forward.bind(device, p, `${name}.${label}`, { weight, x, out, rstd }),
    input: k.rmsnorm.backwardInput.bind(device, p, `${name}.${label} input grad`, {
      weight,
      x,
      rstd,
      dy: b.dXn,
      dx: b.dResid,
    }),
  });
  const attnNorm = norm('input_layernorm', w.attnNorm.param, s.x, s.attnXn, s.attnRstd);
  const ffnNorm = norm('post_attention_layernorm', w.ffnNorm.param, s.xMid, s.ffnXn, s.ffnRstd);
  return {
    attnNorm: attnNorm.forward,
    qkv: k.qkv.forward.bind(device, p, `${name}.qkv_proj`, { a: s.attnXn, b: w.wqkv.param, c: s.qkv }),
    rope: k.attention.rope.bind(device, p, `${name}.rope`, { qkv: s.qkv, ...rope }),
    attention: k.attention.forward.bind(device, p, `${name}.attention`, { qkv: s.qkv, out: s.attnOut, lse: s.lse }),
    o: k.o.forward.bind(device, p, `${name}.o_proj`, { a: s.attnOut, b: w.wo.param, c: s.xMid, residual: s.x }),
    ffnNorm: ffnNorm.forward,
    gateUp: k.gateUp.forward.bind(device, p, `${name}.gate_up_proj`, { a: s.ffnXn, b: w.wGateUp.param, c: s.gateUp }),
    swiglu: k.swiglu.forward.bind(device, p, `${name}.swiglu`, { gateUp: s.gateUp, act: b.act }),
    down: k.down.forward.bind(device, p, `${name}.down_proj`, {
      a: b.act,
      b: w.wDown.param,
      c: next,
      residual: s.xMid,
    }),
    downInput: k.down.input.bind(device, p, `${name}.down_proj input grad`, {
      a: b.dResid,
      b: w.wDown.param,
      c: b.dAct,
    }),
    downWeight: k.down.weight.bind(device, p, `${name}.down_proj weight grad`, {
      a: b.dResid,
      b: b.act,
      c: w.wDown.grad,
    }),
    swigluBack: k.swiglu.backward.bind(device, p, `${name}.swiglu grad`, {
      gateUp: s.gateUp,
      dAct: b.dAct,
      dGateUp: b.dGateUp,
    }),
    gateUpInput: k.gateUp.input.bind(device, p, `${name}.gate_up_proj input grad`, {
      a: b.dGateUp,
      b: w.wGateUp.param,
      c: b.dXn,
    }),
    gateUpWeight: k.gateUp.weight.bind(device, p, `${name}.gate_up_proj weight grad`, {
      a: b.dGateUp,
      b: s.ffnXn,
      c: w.wGateUp.grad,
    }),
    ffnNormBack: ffnNorm.input,
    ffnNormWeight: k.rmsnorm.backwardWeight.bind(device, p, `${name}.post_attention_layernorm weight grad`, {
      x: s.xMid,
      rstd: s.ffnRstd,
      dy: b.dXn,
      grad: w.ffnNorm.grad,
    }),
    oInput: k.o.input.bind(device, p, `${name}.o_proj input grad`, { a: b.dResid, b: w.wo.param, c: b.dAttnOut }),
    oWeight: k.o.weight.bind(device, p, `${name}.o_proj weight grad`, { a: b.dResid, b: s.attnOut, c: w.wo.grad }),
    attentionBackQuery: k.attention.backwardQuery.bind(device, p, `${name}.attention grad (query)`, {
      qkv: s.qkv,
      out: s.attnOut,
      lse: s.lse,
      dOut: b.dAttnOut,
      delta: b.delta,
      dqkv: b.dQkv,
    }),
    attentionBackKv: k.attention.backwardKv.bind(device, p, `${name}.attention grad (key, value)`, {
      qkv: s.qkv,
      lse: s.lse,
      dOut: b.dAttnOut,
      delta: b.delta,
      dqkv: b.dQkv,
    }),
    ropeBack: k.attention.ropeInverse.bind(device, p, `${name}.rope grad`, { qkv: b.dQkv, ...rope }),
    qkvInput: k.qkv.input.bind(device, p, `${name}.qkv_proj input grad`, { a: b.dQkv, b: w.wqkv.param, c: b.dXn }),
    qkvWeight: k.qkv.weight.bind(device, p, `${name}.qkv_proj weight grad`, { a: b.dQkv, b: s.attnXn, c: w.wqkv.grad }),
    attnNormBack: attnNorm.input,
    attnNormWeight: k.rmsnorm.backwardWeight.bind(device, p, `${name}.input_layernorm weight grad`, {
      x: s.x,
      rstd: s.attnRstd,
      dy: b.dXn,
      grad: w.attnNorm.grad,
    }),
  };
}
