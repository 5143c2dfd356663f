import { ropeTables } from '../../src/engines/llama-cpu/math.ts';
import { microConfig } from '../../src/engines/llama-cpu/testing.ts';
import {
  type AttentionShape,
  attentionBackward,
  attentionForward,
} from '../../src/training/reference/ops/attention.ts';
import { ropeBackward, ropeForward } from '../../src/training/reference/ops/rope.ts';
import { AttentionKernels } from '../../src/training/webgpu/kernels/attention.ts';
import {
  closeKernelGpu,
  openKernelGpu,
  randomPair,
  readFloats,
  relativeError,
  runPass,
  setParams,
  storage,
} from './training-gpu.ts';
import type { ErrorTable } from './training-kernel-cases.ts';

/**
 * RoPE and causal GQA attention on the GPU against the CPU reference: 2 sequences of 35 positions
 * (70 rows, 280 (row, head) invocations: over four 64-thread workgroups), 4 query heads on 2 kv
 * heads, head dimension 10. The GPU keeps q ‖ k ‖ v in one row; the reference has them apart.
 */
const shape: AttentionShape = { batchSize: 2, seqLen: 35, numHeads: 4, numKvHeads: 2, headDim: 10 };
const ROWS = shape.batchSize * shape.seqLen;
const Q = shape.numHeads * shape.headDim;
const KV = shape.numKvHeads * shape.headDim;
const WIDTH = Q + 2 * KV;

/** Columns [from, from + width) of every (ROWS, WIDTH) row. */
function columns(rows: ArrayLike<number>, from: number, width: number): Float64Array {
  return Float64Array.from(
    { length: ROWS * width },
    (_, i) => rows[Math.floor(i / width) * WIDTH + from + (i % width)],
  );
}

export async function attentionErrors(): Promise<ErrorTable> {
  const g = await openKernelGpu();
  try {
    const config = microConfig({ numHeads: 4, numKvHeads: 2, hiddenSize: 40, headDim: 10 });
    const k = await AttentionKernels.create(g.device, config);
    const tables = ropeTables(shape.seqLen, shape.headDim, config.ropeTheta);
    const qkv = randomPair(ROWS * WIDTH, 20, 1.5);
    const dOut = randomPair(ROWS * Q, 21);
    const dqkvIn = randomPair(ROWS * WIDTH, 22); // for the inverse RoPE alone
    const [bqkv, bCos, bSin, bOut, bLse, bdOut, bDelta, bdqkv, bRopeGrad] = [
      storage(g, 'qkv', qkv.f32),
      storage(g, 'cos', tables.cos),
      storage(g, 'sin', tables.sin),
      storage(g, 'out', ROWS * Q),
      storage(g, 'lse', ROWS * shape.numHeads),
      storage(g, 'dOut', dOut.f32),
      storage(g, 'delta', ROWS * shape.numHeads),
      storage(g, 'dqkv', ROWS * WIDTH),
      storage(g, 'rope grad', dqkvIn.f32),
    ];
    const rope = { ropeCos: bCos, ropeSin: bSin };
    setParams(g, { rows: ROWS, seqLen: shape.seqLen });
    runPass(g, 'attention', (pass) => {
      k.runRope(pass, k.rope.bind(g.device, g.params, 'rope', { qkv: bqkv, ...rope }), ROWS);
      k.runForward(pass, k.forward.bind(g.device, g.params, 'attn', { qkv: bqkv, out: bOut, lse: bLse }), ROWS);
      const grads = { qkv: bqkv, lse: bLse, dOut: bdOut, delta: bDelta, dqkv: bdqkv };
      k.runBackward(
        pass,
        k.backwardQuery.bind(g.device, g.params, 'dq', { ...grads, out: bOut }),
        k.backwardKv.bind(g.device, g.params, 'dkv', grads),
        ROWS,
      );
      k.runRope(pass, k.ropeInverse.bind(g.device, g.params, 'rope grad', { qkv: bRopeGrad, ...rope }), ROWS, true);
    });

    const [q, kk, v] = [columns(qkv.f64, 0, Q), columns(qkv.f64, Q, KV), columns(qkv.f64, Q + KV, KV)];
    ropeForward(q, shape.batchSize, shape.seqLen, shape.numHeads, shape.headDim, tables);
    ropeForward(kk, shape.batchSize, shape.seqLen, shape.numKvHeads, shape.headDim, tables);
    const out = new Float64Array(ROWS * Q);
    const probs = new Float64Array(shape.batchSize * shape.numHeads * shape.seqLen * shape.seqLen);
    attentionForward(out, probs, q, kk, v, shape);
    const [dq, dk, dv] = [new Float64Array(q.length), new Float64Array(kk.length), new Float64Array(v.length)];
    attentionBackward(dq, dk, dv, dOut.f64, q, kk, v, probs, shape);
    const [rq, rk] = [columns(dqkvIn.f64, 0, Q), columns(dqkvIn.f64, Q, KV)];
    ropeBackward(rq, shape.batchSize, shape.seqLen, shape.numHeads, shape.headDim, tables);
    ropeBackward(rk, shape.batchSize, shape.seqLen, shape.numKvHeads, shape.headDim, tables);

    const rotated = await readFloats(g, bqkv, ROWS * WIDTH);
    const grads = await readFloats(g, bdqkv, ROWS * WIDTH);
    const ropeGrad = await readFloats(g, bRopeGrad, ROWS * WIDTH);
    return {
      'rope forward (q)': relativeError(columns(rotated, 0, Q), q),
      'rope forward (k)': relativeError(columns(rotated, Q, KV), kk),
      'rope forward leaves v': relativeError(columns(rotated, Q + KV, KV), v),
      'rope backward (q)': relativeError(columns(ropeGrad, 0, Q), rq),
      'rope backward (k)': relativeError(columns(ropeGrad, Q, KV), rk),
      'attention forward': relativeError(await readFloats(g, bOut, out.length), out),
      'attention grad (q)': relativeError(columns(grads, 0, Q), dq),
      'attention grad (k)': relativeError(columns(grads, Q, KV), dk),
      'attention grad (v)': relativeError(columns(grads, Q + KV, KV), dv),
    };
  } finally {
    closeKernelGpu(g);
  }
}
