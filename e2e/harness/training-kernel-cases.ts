import { IGNORE_INDEX } from '../../src/training/types.ts';
import { crossEntropyBackward, crossEntropyForward } from '../../src/training/reference/ops/cross-entropy.ts';
import { embeddingBackward, embeddingForward } from '../../src/training/reference/ops/embedding.ts';
import { matmulBackward, matmulForward } from '../../src/training/reference/ops/matmul.ts';
import { rmsnormBackward, rmsnormForward } from '../../src/training/reference/ops/rmsnorm.ts';
import { swigluBackward, swigluForward } from '../../src/training/reference/ops/swiglu.ts';
import { CrossEntropyKernel } from '../../src/training/webgpu/kernels/cross-entropy.ts';
import { EmbeddingKernels, groupRowsByToken } from '../../src/training/webgpu/kernels/embedding.ts';
import { Matmul } from '../../src/training/webgpu/kernels/matmul.ts';
import { RmsNormKernels } from '../../src/training/webgpu/kernels/rmsnorm.ts';
import { headRowsOf, NO_HEAD_ROW, RowKernels } from '../../src/training/webgpu/kernels/rows.ts';
import { SwigluKernels } from '../../src/training/webgpu/kernels/swiglu.ts';
import { TrainingRng } from '../../src/training/rng.ts';
import {
  closeKernelGpu,
  type KernelGpu,
  openKernelGpu,
  randomPair,
  readFloats,
  relativeError,
  runPass,
  setParams,
  storage,
  TUNINGS,
} from './training-gpu.ts';

/**
 * Each training kernel on the GPU against the CPU reference's op (src/training/reference/ops), on
 * shapes that cross the kernels' tiles and workgroups: 70 rows (2 sequences of 35) cross the
 * 32-row direct and 64-row tiled matmul blocks and the 64-thread workgroups; widths 37, 67 and 133
 * cross 32, 64 and the 16-deep K slices; both layouts run (SwiftShader's and real GPUs').
 * Every case returns max relative errors (relativeError in training-gpu.ts) by name.
 */

const ROWS = 70;
const SEQ = 35;

export type ErrorTable = Record<string, number>;

async function eachTuning(run: (g: KernelGpu, tuningName: string) => Promise<ErrorTable>): Promise<ErrorTable> {
  const out: ErrorTable = {};
  for (const name of Object.keys(TUNINGS)) {
    const g = await openKernelGpu();
    try {
      for (const [key, value] of Object.entries(await run(g, name))) out[`${key} [${name}]`] = value;
    } finally {
      closeKernelGpu(g);
    }
  }
  return out;
}

/** y = x Wᵀ (plain and with a residual), dx = dy W, dW += dyᵀ x, for W (67, 37). */
export function matmulErrors(): Promise<ErrorTable> {
  const [inDim, outDim] = [37, 67];
  return eachTuning(async (g, name) => {
    const tuning = TUNINGS[name];
    const layer = { out: outDim, in: inDim };
    const [forward, residual, input, weight] = await Promise.all([
      Matmul.create(g.device, 'test', layer, 'forward', tuning),
      Matmul.create(g.device, 'test', layer, 'forward', tuning, { residual: true }),
      Matmul.create(g.device, 'test', layer, 'input', tuning),
      Matmul.create(g.device, 'test', layer, 'weight', tuning),
    ]);
    const x = randomPair(ROWS * inDim, 1);
    const w = randomPair(outDim * inDim, 2);
    const dy = randomPair(ROWS * outDim, 3);
    const r = randomPair(ROWS * outDim, 4);
    const g0 = randomPair(outDim * inDim, 5);
    const bx = storage(g, 'x', x.f32);
    const bw = storage(g, 'w', w.f32);
    const bdy = storage(g, 'dy', dy.f32);
    const br = storage(g, 'residual', r.f32);
    const [by, byr, bdx, bdw] = [
      storage(g, 'y', ROWS * outDim),
      storage(g, 'y + r', ROWS * outDim),
      storage(g, 'dx', ROWS * inDim),
      storage(g, 'dW', g0.f32),
    ];
    setParams(g, { rows: ROWS, seqLen: SEQ });
    runPass(g, 'matmul', (pass) => {
      forward.dispatch(pass, forward.bind(g.device, g.params, 'fwd', { a: bx, b: bw, c: by }), ROWS);
      residual.dispatch(pass, residual.bind(g.device, g.params, 'res', { a: bx, b: bw, c: byr, residual: br }), ROWS);
      input.dispatch(pass, input.bind(g.device, g.params, 'in', { a: bdy, b: bw, c: bdx }), ROWS);
      weight.dispatch(pass, weight.bind(g.device, g.params, 'w', { a: bdy, b: bx, c: bdw }), ROWS);
    });
    const y = new Float64Array(ROWS * outDim);
    matmulForward(y, x.f64, w.f64, ROWS, inDim, outDim);
    const dx = new Float64Array(ROWS * inDim);
    const dw = Float64Array.from(g0.f64);
    matmulBackward(dx, dw, dy.f64, x.f64, w.f64, ROWS, inDim, outDim);
    return {
      'matmul forward': relativeError(await readFloats(g, by, y.length), y),
      'matmul forward + residual': relativeError(
        await readFloats(g, byr, y.length),
        y.map((v, i) => v + r.f64[i]),
      ),
      'matmul input grad (dY·W)': relativeError(await readFloats(g, bdx, dx.length), dx),
      'matmul weight grad (dYᵀ·X, accumulated)': relativeError(await readFloats(g, bdw, dw.length), dw),
    };
  });
}

/** Lookup and the scatter-add gradient, a token repeated within and across sequences. */
export function embeddingErrors(): Promise<ErrorTable> {
  const [vocab, dim] = [50, 67];
  return eachTuning(async (g) => {
    const k = await EmbeddingKernels.create(g.device, dim);
    const rng = new TrainingRng(6);
    const tokens = Int32Array.from({ length: ROWS }, () => Math.floor(rng.next() * 20)); // repeats
    const table = randomPair(vocab * dim, 7);
    const dx = randomPair(ROWS * dim, 8);
    const g0 = randomPair(vocab * dim, 9);
    const groups = groupRowsByToken(tokens);
    const [bTable, bTokens, bx, bdx, bGroups, bGrad] = [
      storage(g, 'table', table.f32),
      storage(g, 'tokens', Uint32Array.from(tokens)),
      storage(g, 'x', ROWS * dim),
      storage(g, 'dx', dx.f32),
      storage(g, 'groups', groups.data),
      storage(g, 'grad', g0.f32),
    ];
    setParams(g, { rows: ROWS, seqLen: SEQ, uniqueTokens: groups.uniqueTokens });
    runPass(g, 'embedding', (pass) => {
      k.runForward(
        pass,
        k.forward.bind(g.device, g.params, 'fwd', { embedding: bTable, tokens: bTokens, x: bx }),
        ROWS,
      );
      k.runBackward(
        pass,
        k.backward.bind(g.device, g.params, 'bwd', { dx: bdx, groups: bGroups, grad: bGrad }),
        groups.uniqueTokens,
      );
    });
    const x = new Float64Array(ROWS * dim);
    embeddingForward(x, tokens, table.f64, ROWS, dim);
    const grad = Float64Array.from(g0.f64);
    embeddingBackward(grad, dx.f64, tokens, ROWS, dim);
    return {
      'embedding forward': relativeError(await readFloats(g, bx, x.length), x),
      'embedding backward (grouped by token)': relativeError(await readFloats(g, bGrad, grad.length), grad),
    };
  });
}

/** Forward with 1/rms kept, the input gradient added to a residual gradient, the weight gradient. */
export function rmsnormErrors(): Promise<ErrorTable> {
  const dim = 67;
  const eps = 1e-5;
  return eachTuning(async (g, name) => {
    const k = await RmsNormKernels.create(g.device, dim, eps, TUNINGS[name]);
    const x = randomPair(ROWS * dim, 10, 2);
    const w = randomPair(dim, 11);
    const dy = randomPair(ROWS * dim, 12);
    const d0 = randomPair(ROWS * dim, 13);
    const g0 = randomPair(dim, 14);
    const [bx, bw, bOut, bRstd, bdy, bdx, bGrad] = [
      storage(g, 'x', x.f32),
      storage(g, 'w', w.f32),
      storage(g, 'out', ROWS * dim),
      storage(g, 'rstd', ROWS),
      storage(g, 'dy', dy.f32),
      storage(g, 'dx', d0.f32),
      storage(g, 'grad', g0.f32),
    ];
    setParams(g, { rows: ROWS, seqLen: SEQ });
    runPass(g, 'rmsnorm', (pass) => {
      k.runForward(pass, k.forward.bind(g.device, g.params, 'f', { weight: bw, x: bx, out: bOut, rstd: bRstd }), ROWS);
      const inputs = { weight: bw, x: bx, rstd: bRstd, dy: bdy, dx: bdx };
      k.runBackwardInput(pass, k.backwardInput.bind(g.device, g.params, 'bi', inputs), ROWS);
      k.runBackwardWeight(
        pass,
        k.backwardWeight.bind(g.device, g.params, 'bw', { x: bx, rstd: bRstd, dy: bdy, grad: bGrad }),
      );
    });
    const out = new Float64Array(ROWS * dim);
    const rstd = new Float64Array(ROWS);
    rmsnormForward(out, rstd, x.f64, w.f64, ROWS, dim, eps);
    const dx = Float64Array.from(d0.f64);
    const dw = Float64Array.from(g0.f64);
    rmsnormBackward(dx, dw, dy.f64, x.f64, w.f64, rstd, ROWS, dim);
    return {
      'rmsnorm forward': relativeError(await readFloats(g, bOut, out.length), out),
      'rmsnorm 1/rms': relativeError(await readFloats(g, bRstd, ROWS), rstd),
      'rmsnorm input grad (accumulated)': relativeError(await readFloats(g, bdx, dx.length), dx),
      'rmsnorm weight grad (row reduction)': relativeError(await readFloats(g, bGrad, dim), dw),
    };
  });
}

/** silu(gate) · up from the fused (gate ‖ up) rows, and its gradient back into them. */
export function swigluErrors(): Promise<ErrorTable> {
  const hidden = 67;
  return eachTuning(async (g) => {
    const k = await SwigluKernels.create(g.device, hidden);
    const gateUp = randomPair(ROWS * 2 * hidden, 15, 3);
    const dAct = randomPair(ROWS * hidden, 16);
    const [bgu, bAct, bdAct, bdgu] = [
      storage(g, 'gateUp', gateUp.f32),
      storage(g, 'act', ROWS * hidden),
      storage(g, 'dAct', dAct.f32),
      storage(g, 'dGateUp', ROWS * 2 * hidden),
    ];
    setParams(g, { rows: ROWS, seqLen: SEQ });
    runPass(g, 'swiglu', (pass) => {
      k.runForward(pass, k.forward.bind(g.device, g.params, 'f', { gateUp: bgu, act: bAct }), ROWS);
      k.runBackward(pass, k.backward.bind(g.device, g.params, 'b', { gateUp: bgu, dAct: bdAct, dGateUp: bdgu }), ROWS);
    });
    const split = (fused: Float64Array, half: 0 | 1): Float64Array =>
      Float64Array.from(
        { length: ROWS * hidden },
        (_, i) => fused[Math.floor(i / hidden) * 2 * hidden + half * hidden + (i % hidden)],
      );
    const [gate, up] = [split(gateUp.f64, 0), split(gateUp.f64, 1)];
    const act = new Float64Array(ROWS * hidden);
    swigluForward(act, gate, up, act.length);
    const [dGate, dUp] = [new Float64Array(act.length), new Float64Array(act.length)];
    swigluBackward(dGate, dUp, dAct.f64, gate, up, act.length);
    const dgu = Float64Array.from(await readFloats(g, bdgu, ROWS * 2 * hidden));
    return {
      'swiglu forward': relativeError(await readFloats(g, bAct, act.length), act),
      'swiglu grad (gate)': relativeError(split(dgu, 0), dGate),
      'swiglu grad (up)': relativeError(split(dgu, 1), dUp),
    };
  });
}

/** Cross-entropy fused with its backward, a third of the rows IGNORE_INDEX. */
export function crossEntropyErrors(): Promise<ErrorTable> {
  const vocab = 133;
  return eachTuning(async (g, name) => {
    const k = await CrossEntropyKernel.create(g.device, vocab, TUNINGS[name]);
    const rng = new TrainingRng(17);
    const targets = Int32Array.from({ length: ROWS }, () =>
      rng.next() < 0.33 ? IGNORE_INDEX : Math.floor(rng.next() * vocab),
    );
    const count = targets.filter((t) => t !== IGNORE_INDEX).length;
    const logits = randomPair(ROWS * vocab, 18, 4);
    const lossRow0 = 5; // this micro-batch's rows start after another's
    const [bTargets, bLogits, bLoss] = [
      storage(g, 'targets', targets),
      storage(g, 'logits', logits.f32),
      storage(g, 'loss rows', lossRow0 + ROWS),
    ];
    // The kernel sees the LM head's rows (here all 70, a third of them IGNORE_INDEX all the same).
    setParams(g, { rows: ROWS, headRows: ROWS, seqLen: SEQ, lossRow0, invTargets: 1 / count });
    runPass(g, 'cross-entropy', (pass) =>
      k.run(pass, k.op.bind(g.device, g.params, 'xent', { targets: bTargets, logits: bLogits, lossRows: bLoss }), ROWS),
    );
    const probs = new Float64Array(ROWS * vocab);
    const losses = new Float64Array(ROWS);
    crossEntropyForward(probs, losses, logits.f64, targets, ROWS, vocab);
    const dLogits = new Float64Array(probs.length);
    crossEntropyBackward(dLogits, probs, targets, 1 / count, ROWS, vocab);
    const gpuLosses = (await readFloats(g, bLoss, lossRow0 + ROWS)).subarray(lossRow0);
    return {
      'cross-entropy loss per row': relativeError(gpuLosses, losses),
      'cross-entropy dLogits': relativeError(await readFloats(g, bLogits, dLogits.length), dLogits),
    };
  });
}

/** The LM head's target rows gathered out of the micro-batch and its gradient scattered back. */
export function rowsErrors(): Promise<ErrorTable> {
  const dim = 67;
  return eachTuning(async (g) => {
    const k = await RowKernels.create(g.device, dim);
    const rng = new TrainingRng(19);
    const targets = Int32Array.from({ length: ROWS }, () => (rng.next() < 0.4 ? IGNORE_INDEX : 5));
    const head = headRowsOf(targets, IGNORE_INDEX);
    const headRows = head.headIndex.length;
    const x = randomPair(ROWS * dim, 23);
    const d = randomPair(headRows * dim, 24);
    const [bx, bIndex, bHead, bd, bRowHead, bOut] = [
      storage(g, 'x', x.f32),
      storage(g, 'head index', head.headIndex),
      storage(g, 'head x', ROWS * dim),
      storage(g, 'd head', d.f32),
      storage(g, 'row head', head.rowHead),
      storage(g, 'd x', randomPair(ROWS * dim, 25).f32), // overwritten everywhere, zeros included
    ];
    setParams(g, { rows: ROWS, headRows, seqLen: SEQ });
    runPass(g, 'rows', (pass) => {
      k.runGather(pass, k.gather.bind(g.device, g.params, 'gather', { src: bx, index: bIndex, out: bHead }), headRows);
      k.runScatter(pass, k.scatter.bind(g.device, g.params, 'scatter', { src: bd, index: bRowHead, out: bOut }), ROWS);
    });
    const gathered = Float64Array.from({ length: headRows * dim }, (_, i) => {
      const h = Math.floor(i / dim);
      return x.f64[head.headIndex[h] * dim + (i % dim)];
    });
    const scattered = Float64Array.from({ length: ROWS * dim }, (_, i) => {
      const h = head.rowHead[Math.floor(i / dim)];
      return h === NO_HEAD_ROW ? 0 : d.f64[h * dim + (i % dim)];
    });
    return {
      'gather target rows': relativeError(await readFloats(g, bHead, gathered.length), gathered),
      'scatter their gradient (zeros elsewhere)': relativeError(await readFloats(g, bOut, scattered.length), scattered),
    };
  });
}
