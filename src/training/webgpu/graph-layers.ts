import type { TrainingKernels } from './kernels/index.ts';
import type { LayerActivations, LayerParameters, TrainerBuffers } from './layout.ts';

/** One layer's bind groups, forward then backward: which buffer each dispatch reads and writes. */

export type Groups<K extends string> = Record<K, GPUBindGroup>;

export type LayerGroup =
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

/** The bind groups of layer `name`, whose output (the residual stream) goes to `next`. */
export function layerGroups(
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
