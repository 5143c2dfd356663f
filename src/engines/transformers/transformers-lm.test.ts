import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_DRAFTER_DIR, TINY_TARGET_DIR } from '../../../scripts/fixtures/paths.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { nodeFolderSource } from '../../../scripts/lib/node-folder-source.ts';
import { loadLlamaCpu, type LlamaCpu } from '../llama-cpu/llama-cpu.ts';
import { loadTransformersLM, type TransformersLM } from './transformers-lm.ts';

/**
 * Logits parity of the ONNX export run by transformers.js (onnxruntime-node, CPU) with the llama-cpu
 * reference on the same weights. Tolerance: 2e-4 absolute on logits up to ~55 in magnitude. The
 * reference sums in float64 and rounds once; onnxruntime sums in float32 in its own blocked order,
 * so each 64-term dot product may differ by a few ulps of its partial sums (ulp(32..64) = 3.8e-6).
 * Measured: at most 3e-5, so the bound has ~7x headroom yet is far below the top-1 margins, and
 * every row's argmax must match exactly.
 */
const TOLERANCE = 2e-4;
const PROMPT = [1, 450, 4996, 17354, 1701, 432, 2900, 975, 278, 17366, 11203, 29889];

function expectClose(actual: Float32Array[], expected: Float32Array[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((row, r) => {
    let worst = 0;
    for (let j = 0; j < row.length; j++) worst = Math.max(worst, Math.abs(row[j] - expected[r][j]));
    expect(worst, `${label}, row ${r}: max |Δ|`).toBeLessThanOrEqual(TOLERANCE);
    expect(argmax(row), `${label}, row ${r}: argmax`).toBe(argmax(expected[r]));
  });
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
  return best;
}

describe.each([
  ['tiny-target (4 layers)', TINY_TARGET_DIR],
  ['tiny-drafter (1 layer)', TINY_DRAFTER_DIR],
])('TransformersLM on %s matches llama-cpu', (_, dir) => {
  let onnx: TransformersLM;
  let reference: LlamaCpu;
  beforeAll(async () => {
    onnx = await loadTransformersLM({ folder: dir, maxSequenceLength: 256 });
    reference = await loadLlamaCpu(nodeFolderSource(dir), { maxSequenceLength: 256 });
  });
  afterAll(() => onnx.dispose());

  it('on a prefill, a multi-token append, after truncate, and one token at a time', async () => {
    expect(onnx.vocabSize).toBe(reference.vocabSize);
    expectClose(
      await onnx.append(PROMPT.slice(0, 7), 'all'),
      await reference.append(PROMPT.slice(0, 7), 'all'),
      'prefill',
    );
    expectClose(await onnx.append(PROMPT.slice(7), 'all'), await reference.append(PROMPT.slice(7), 'all'), 'append');
    expect(onnx.length).toBe(PROMPT.length);

    // A rejected draft: cut back to 9 and continue with different tokens.
    await onnx.truncate(9);
    reference.truncate(9);
    expect(onnx.length).toBe(9);
    expectClose(
      await onnx.append([3000, 4000, 5000], 'all'),
      await reference.append([3000, 4000, 5000], 'all'),
      'after truncate',
    );
    for (const token of [29871, 13, 2]) {
      expectClose(await onnx.append([token]), await reference.append([token]), `single ${token}`);
    }

    // 'last' is the last row of 'all'; 'none' feeds without rows; truncate(0) empties the cache.
    await onnx.truncate(0);
    reference.reset();
    expect(await onnx.append(PROMPT.slice(0, 3), 'none')).toEqual([]);
    await reference.append(PROMPT.slice(0, 3), 'none');
    expectClose(
      await onnx.append(PROMPT.slice(3, 5)),
      await reference.append(PROMPT.slice(3, 5)),
      'last after truncate(0)',
    );
    await onnx.reset();
    expect(onnx.length).toBe(0);
  });

  it('rejects bad arguments without touching the cache', async () => {
    await onnx.reset();
    await onnx.append([1, 2, 3]);
    await expect(onnx.append([onnx.vocabSize])).rejects.toThrow(InvalidArgumentError);
    await expect(onnx.append([-1])).rejects.toThrow(/outside the vocabulary/);
    await expect(onnx.append(new Array(254).fill(5))).rejects.toThrow(/maximum sequence length of 256/);
    expect(() => onnx.truncate(4)).toThrow(InvalidArgumentError);
    expect(() => onnx.truncate(-1)).toThrow(/outside \[0, 3\]/);
    expect(onnx.length).toBe(3);
    expect(await onnx.append([])).toEqual([]);
  });
});
