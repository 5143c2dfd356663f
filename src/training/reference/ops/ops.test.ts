import { describe, expect, it } from 'vitest';
import { ropeTables } from '../../../engines/llama-cpu/math.ts';
import { IGNORE_INDEX } from '../../types.ts';
import { checkGradient, dot, randomFloat64 } from '../testing/gradcheck.ts';
import { type AttentionShape, attentionBackward, attentionForward } from './attention.ts';
import { crossEntropyBackward, crossEntropyForward } from './cross-entropy.ts';
import { embeddingBackward, embeddingForward } from './embedding.ts';
import { matmulBackward, matmulForward } from './matmul.ts';
import { rmsnormBackward, rmsnormForward } from './rmsnorm.ts';
import { ropeBackward, ropeForward } from './rope.ts';
import { swigluBackward, swigluForward } from './swiglu.ts';

// Every op in float64: L = Σ dout ⊙ op(inputs), analytic gradients against central differences of
// L. h = 1e-5 keeps truncation error (~h²) and rounding error (~1e-16 / h) both far below 1e-6.
const CHECK = { tolerance: 1e-6, h: 1e-5, floor: 1e-8 };

describe('reference ops: backward against central finite differences', () => {
  it('matmul', () => {
    const [rows, inDim, outDim] = [3, 5, 7]; // odd sizes reach the loops’ remainders
    const inp = randomFloat64(rows * inDim, 1);
    const weight = randomFloat64(outDim * inDim, 2);
    const dout = randomFloat64(rows * outDim, 3);
    const out = new Float64Array(rows * outDim);
    const loss = (): number => (matmulForward(out, inp, weight, rows, inDim, outDim), dot(dout, out));
    const dinp = new Float64Array(inp.length);
    const dweight = new Float64Array(weight.length);
    matmulBackward(dinp, dweight, dout, inp, weight, rows, inDim, outDim);
    checkGradient('matmul dinp', loss, inp, dinp, CHECK);
    checkGradient('matmul dweight', loss, weight, dweight, CHECK);
  });

  it('embedding, with a token repeated so its row gradient adds up', () => {
    const [vocab, dim] = [6, 4];
    const tokens = Int32Array.of(3, 0, 3, 5);
    const table = randomFloat64(vocab * dim, 4);
    const dout = randomFloat64(tokens.length * dim, 5);
    const out = new Float64Array(tokens.length * dim);
    const loss = (): number => (embeddingForward(out, tokens, table, tokens.length, dim), dot(dout, out));
    const dtable = new Float64Array(table.length);
    embeddingBackward(dtable, dout, tokens, tokens.length, dim);
    checkGradient('embedding', loss, table, dtable, CHECK);
    expect(dtable.subarray(dim, 2 * dim).every((g) => g === 0)).toBe(true); // token 1 never looked up
  });

  it('rmsnorm', () => {
    const [rows, dim, eps] = [3, 6, 1e-5];
    const inp = randomFloat64(rows * dim, 6);
    const weight = randomFloat64(dim, 7).map((w) => 1 + 0.3 * w);
    const dout = randomFloat64(rows * dim, 8);
    const out = new Float64Array(rows * dim);
    const rstd = new Float64Array(rows);
    const loss = (): number => (rmsnormForward(out, rstd, inp, weight, rows, dim, eps), dot(dout, out));
    loss();
    const dinp = new Float64Array(inp.length);
    const dweight = new Float64Array(dim);
    rmsnormBackward(dinp, dweight, dout, inp, weight, rstd, rows, dim);
    checkGradient('rmsnorm dinp', loss, inp, dinp, CHECK);
    checkGradient('rmsnorm dweight', loss, weight, dweight, CHECK);
  });

  it('swiglu', () => {
    const n = 9;
    const gate = randomFloat64(n, 9, 3);
    const up = randomFloat64(n, 10, 2);
    const dout = randomFloat64(n, 11);
    const out = new Float64Array(n);
    const loss = (): number => (swigluForward(out, gate, up, n), dot(dout, out));
    const dgate = new Float64Array(n);
    const dup = new Float64Array(n);
    swigluBackward(dgate, dup, dout, gate, up, n);
    checkGradient('swiglu dgate', loss, gate, dgate, CHECK);
    checkGradient('swiglu dup', loss, up, dup, CHECK);
  });

  it('rope: forward then backward is the identity, and the backward is the transpose', () => {
    const [batchSize, seqLen, nHeads, headDim] = [2, 5, 3, 4];
    const tables = ropeTables(seqLen, headDim, 10000);
    const x = randomFloat64(batchSize * seqLen * nHeads * headDim, 12);
    const dout = randomFloat64(x.length, 13);
    const out = new Float64Array(x.length);
    const loss = (): number => {
      out.set(x);
      ropeForward(out, batchSize, seqLen, nHeads, headDim, tables);
      return dot(dout, out);
    };
    const dx = Float64Array.from(dout);
    ropeBackward(dx, batchSize, seqLen, nHeads, headDim, tables);
    checkGradient('rope', loss, x, dx, CHECK);
    loss();
    ropeBackward(out, batchSize, seqLen, nHeads, headDim, tables);
    out.forEach((v, i) => expect(v).toBeCloseTo(x[i], 6)); // cos/sin are float32: identity to ~1e-7
  });

  it('causal attention with GQA (3 query heads per kv head) over two rows', () => {
    const shape: AttentionShape = { batchSize: 2, seqLen: 4, numHeads: 6, numKvHeads: 2, headDim: 3 };
    const rows = shape.batchSize * shape.seqLen;
    const q = randomFloat64(rows * shape.numHeads * shape.headDim, 14, 1.5);
    const k = randomFloat64(rows * shape.numKvHeads * shape.headDim, 15, 1.5);
    const v = randomFloat64(k.length, 16);
    const dout = randomFloat64(q.length, 17);
    const out = new Float64Array(q.length);
    const probs = new Float64Array(shape.batchSize * shape.numHeads * shape.seqLen * shape.seqLen);
    const loss = (): number => (attentionForward(out, probs, q, k, v, shape), dot(dout, out));
    loss();
    const [dq, dk, dv] = [new Float64Array(q.length), new Float64Array(k.length), new Float64Array(v.length)];
    attentionBackward(dq, dk, dv, dout, q, k, v, probs, shape);
    checkGradient('attention dq', loss, q, dq, CHECK);
    checkGradient('attention dk', loss, k, dk, CHECK);
    checkGradient('attention dv', loss, v, dv, CHECK);
  });

  it('attention is causal: a later key or value changes no earlier output', () => {
    const shape: AttentionShape = { batchSize: 1, seqLen: 3, numHeads: 2, numKvHeads: 1, headDim: 2 };
    const q = randomFloat64(3 * 4, 18);
    const k = randomFloat64(3 * 2, 19);
    const v = randomFloat64(3 * 2, 20);
    const out = new Float64Array(q.length);
    const probs = new Float64Array(2 * 3 * 3);
    attentionForward(out, probs, q, k, v, shape);
    const before = out.slice(0, 8); // positions 0 and 1
    k[4] += 1;
    v[5] += 1; // position 2
    attentionForward(out, probs, q, k, v, shape);
    expect(Array.from(out.slice(0, 8))).toEqual(Array.from(before));
  });

  it('cross-entropy, ignoring masked rows', () => {
    const [rows, vocab] = [4, 5];
    const logits = randomFloat64(rows * vocab, 21, 3);
    const targets = Int32Array.of(2, IGNORE_INDEX, 0, 4);
    const probs = new Float64Array(logits.length);
    const losses = new Float64Array(rows);
    const loss = (): number => crossEntropyForward(probs, losses, logits, targets, rows, vocab) / 3;
    loss();
    expect(losses[1]).toBe(0);
    expect(losses[0]).toBeCloseTo(-Math.log(probs[2]), 12);
    const dlogits = new Float64Array(logits.length);
    crossEntropyBackward(dlogits, probs, targets, 1 / 3, rows, vocab);
    checkGradient('cross-entropy', loss, logits, dlogits, CHECK);
    loss(); // losses as of the unperturbed logits
    const inPlace = logits.slice(); // the classifier computes probs over its logits buffer
    const total = crossEntropyForward(inPlace, new Float64Array(rows), inPlace, targets, rows, vocab);
    expect(total).toBeCloseTo(
      losses.reduce((a, b) => a + b, 0),
      12,
    );
  });

  it('the checker itself fails a wrong gradient', () => {
    const x = Float64Array.of(1, 2);
    const square = (): number => x[0] * x[0] + x[1] * x[1];
    expect(() => checkGradient('x²', square, x, Float64Array.of(2, 4.01), CHECK)).toThrow(/index 1/);
  });
});
