import { adamwTensor } from '../../src/training/optimizer/adamw.ts';
import { clipCoefficient, globalNorm } from '../../src/training/optimizer/clip.ts';
import { OptimizerKernels } from '../../src/training/webgpu/kernels/optimizer.ts';
import { NORM_GROUPS } from '../../src/training/webgpu/tuning.ts';
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
 * The end of a step on the GPU against the CPU reference's clip and AdamW: the two-stage gradient
 * norm over tensors of 67, 1000 and 40 000 values (the last more than one 64 × 256 grid stride),
 * the clip coefficient (active: the norm is far over clipNorm), and two AdamW steps with decay on
 * two tensors and without on the third.
 */
export async function optimizerErrors(): Promise<ErrorTable> {
  const out: ErrorTable = {};
  for (const tree of [false, true]) {
    const layout = tree ? 'tree' : 'per thread';
    for (const [key, value] of Object.entries(await optimizerRun(tree))) out[`${key} [${layout}]`] = value;
  }
  return out;
}

async function optimizerRun(tree: boolean): Promise<ErrorTable> {
  const g = await openKernelGpu();
  try {
    const k = await OptimizerKernels.create(g.device, tree);
    const sizes = [67, 1000, 40_000];
    const decays = [false, true, true];
    const settings = { learningRate: 0.01, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1, clipNorm: 1 };
    const tensors = sizes.map((n, i) => ({
      p: randomPair(n, 30 + i),
      g: [randomPair(n, 40 + i, 0.5), randomPair(n, 50 + i, 0.5)], // one gradient per step
    }));
    const partials = storage(g, 'partials', sizes.length * NORM_GROUPS);
    const stats = storage(g, 'stats', 4);
    const lossRows = storage(g, 'loss rows', 1);
    const gpu = tensors.map((t, i) => ({
      param: storage(g, `p${i}`, t.p.f32),
      grad: storage(g, `g${i}`, t.g[0].f32),
      m: storage(g, `m${i}`, sizes[i]),
      v: storage(g, `v${i}`, sizes[i]),
    }));
    const cpu = tensors.map((t, i) => ({
      param: Float32Array.from(t.p.f32),
      m: new Float32Array(sizes[i]),
      v: new Float32Array(sizes[i]),
    }));
    const norms: { gpu: number; cpu: number; clipGpu: number; clipCpu: number }[] = [];
    for (const step of [1, 2]) {
      gpu.forEach((b, i) =>
        g.device.queue.writeBuffer(b.grad, 0, tensors[i].g[step - 1].f32 as Float32Array<ArrayBuffer>),
      );
      setParams(g, {
        ...settings,
        lossRows: 1,
        correction1: 1 - settings.beta1 ** step,
        correction2: 1 - settings.beta2 ** step,
      });
      runPass(g, `optimizer step ${step}`, (pass) => {
        gpu.forEach((b, i) => {
          const window = { buffer: partials, offset: i * NORM_GROUPS * 4, size: NORM_GROUPS * 4 };
          k.runGradNorm(pass, k.gradNorm.bind(g.device, g.params, `norm ${i}`, { grad: b.grad, partials: window }));
        });
        k.runStats(pass, k.stats.bind(g.device, g.params, 'stats', { lossRows, partials, stats }), true);
        gpu.forEach((b, i) =>
          k.runAdamw(pass, k.adamw.bind(g.device, g.params, `adamw ${i}`, { ...b, stats }), decays[i], sizes[i]),
        );
      });
      const grads = tensors.map((t) => t.g[step - 1].f32);
      const norm = globalNorm(grads);
      const clip = clipCoefficient(norm, settings.clipNorm);
      cpu.forEach((c, i) =>
        adamwTensor(c.param, grads[i], c.m, c.v, {
          ...settings,
          weightDecay: decays[i] ? settings.weightDecay : 0,
          step,
          gradScale: clip,
        }),
      );
      const s = await readFloats(g, stats, 4);
      norms.push({ gpu: s[1], cpu: norm, clipGpu: s[2], clipCpu: clip });
    }
    const out: ErrorTable = {};
    norms.forEach((n, i) => {
      out[`gradient norm, step ${i + 1}`] = Math.abs(n.gpu - n.cpu) / n.cpu;
      out[`clip coefficient, step ${i + 1}`] = Math.abs(n.clipGpu - n.clipCpu) / n.clipCpu;
    });
    for (const [i, b] of gpu.entries()) {
      const decay = decays[i] ? 'decay' : 'no decay';
      // The change over two steps (~lr), not the values (~1), so an update error is not hidden.
      const p0 = tensors[i].p.f32;
      const moved = (p: Float32Array): Float64Array => Float64Array.from(p, (x, j) => x - p0[j]);
      out[`adamw update (${sizes[i]}, ${decay})`] = relativeError(
        moved(await readFloats(g, b.param, sizes[i])),
        moved(cpu[i].param),
      );
      out[`adamw m (${sizes[i]})`] = relativeError(await readFloats(g, b.m, sizes[i]), cpu[i].m);
      out[`adamw v (${sizes[i]})`] = relativeError(await readFloats(g, b.v, sizes[i]), cpu[i].v);
    }
    return out;
  } finally {
    closeKernelGpu(g);
  }
}
