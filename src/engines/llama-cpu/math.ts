/**
 * The forward's building blocks on flat Float32Arrays. Sums accumulate in float64 locals and are
 * rounded to float32 once, on store. Each output value is computed by the same operations in the
 * same order whatever the number of rows, which is what makes logits independent of how tokens
 * were split across append calls.
 */

/**
 * out[t, j] = Σ_i w[j, i] · x[t, i] for t < rows.
 * w (d, n) row-major; x (rows, n) from xOffset; out (rows, d) from outOffset.
 * Weight rows outermost, four at a time, each read once per chunk; tokens two at a time, so every
 * load of w serves two sums and every load of x four. Each sum still runs over i in order, exactly
 * like a naive dot product, so a row's result does not depend on `rows`.
 */
export function matmul(
  out: Float32Array,
  outOffset: number,
  x: Float32Array,
  xOffset: number,
  w: Float32Array,
  rows: number,
  n: number,
  d: number,
): void {
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const w0 = j * n;
    const w1 = w0 + n;
    const w2 = w1 + n;
    const w3 = w2 + n;
    let t = 0;
    for (; t + 2 <= rows; t += 2) {
      const xa = xOffset + t * n;
      const xb = xa + n;
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        b0 = 0,
        b1 = 0,
        b2 = 0,
        b3 = 0;
      for (let i = 0; i < n; i++) {
        const u = x[xa + i];
        const v = x[xb + i];
        const p0 = w[w0 + i],
          p1 = w[w1 + i],
          p2 = w[w2 + i],
          p3 = w[w3 + i];
        a0 += p0 * u;
        a1 += p1 * u;
        a2 += p2 * u;
        a3 += p3 * u;
        b0 += p0 * v;
        b1 += p1 * v;
        b2 += p2 * v;
        b3 += p3 * v;
      }
      const oa = outOffset + t * d + j;
      const ob = oa + d;
      out[oa] = a0;
      out[oa + 1] = a1;
      out[oa + 2] = a2;
      out[oa + 3] = a3;
      out[ob] = b0;
      out[ob + 1] = b1;
      out[ob + 2] = b2;
      out[ob + 3] = b3;
    }
    for (; t < rows; t++) {
      const xRow = xOffset + t * n;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let i = 0; i < n; i++) {
        const xi = x[xRow + i];
        s0 += w[w0 + i] * xi;
        s1 += w[w1 + i] * xi;
        s2 += w[w2 + i] * xi;
        s3 += w[w3 + i] * xi;
      }
      const o = outOffset + t * d + j;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
  }
  for (; j < d; j++) {
    for (let t = 0; t < rows; t++) {
      const xRow = xOffset + t * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += w[j * n + i] * x[xRow + i];
      out[outOffset + t * d + j] = s;
    }
  }
}

/** out = weight ⊙ x / rms(x), over one row of n values. */
export function rmsnorm(
  out: Float32Array,
  outOffset: number,
  x: Float32Array,
  xOffset: number,
  weight: Float32Array,
  n: number,
  eps: number,
): void {
  let ss = 0;
  for (let i = 0; i < n; i++) ss += x[xOffset + i] * x[xOffset + i];
  const scale = 1 / Math.sqrt(ss / n + eps);
  for (let i = 0; i < n; i++) out[outOffset + i] = weight[i] * Math.fround(scale * x[xOffset + i]);
}

/** In-place softmax over x[0, n). */
export function softmax(x: Float64Array, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    x[i] = Math.exp(x[i] - max);
    sum += x[i];
  }
  for (let i = 0; i < n; i++) x[i] /= sum;
}

/** gate[i] = silu(gate[i]) · up[i], the SwiGLU gating, over [0, n). */
export function swiglu(gate: Float32Array, up: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i];
    gate[i] = (g / (1 + Math.exp(-g))) * up[i];
  }
}

/** x[i] += y[i] over [0, n): the residual connection. */
export function addInPlace(x: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) x[i] += y[i];
}

export interface RopeTables {
  cos: Float32Array; // (maxSeq, headDim / 2)
  sin: Float32Array; // (maxSeq, headDim / 2)
}

/**
 * cos/sin of pos · θ^(−2i/headDim), rounded step by step to float32 as HF's LlamaRotaryEmbedding
 * computes them, so parity with PyTorch does not drift at long positions.
 */
export function ropeTables(maxSeq: number, headDim: number, theta: number): RopeTables {
  const half = headDim / 2;
  const invFreq = new Float32Array(half); // (half,)
  for (let i = 0; i < half; i++) {
    invFreq[i] = 1 / Math.fround(theta ** Math.fround((2 * i) / headDim));
  }
  const cos = new Float32Array(maxSeq * half);
  const sin = new Float32Array(maxSeq * half);
  for (let pos = 0; pos < maxSeq; pos++) {
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(pos * invFreq[i]);
      cos[pos * half + i] = Math.cos(angle);
      sin[pos * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

/**
 * Rotates each of nHeads heads of one row in place with HF's rotate_half convention: dimension i
 * pairs with i + headDim/2 (not the interleaved (2i, 2i+1) pairs of llama2.c / Meta's checkpoints,
 * whose q/k rows HF permuted on conversion).
 */
export function applyRope(
  vec: Float32Array,
  offset: number,
  nHeads: number,
  headDim: number,
  tables: RopeTables,
  pos: number,
): void {
  const half = headDim / 2;
  const tableRow = pos * half;
  for (let h = 0; h < nHeads; h++) {
    const base = offset + h * headDim;
    for (let i = 0; i < half; i++) {
      const c = tables.cos[tableRow + i];
      const s = tables.sin[tableRow + i];
      const x1 = vec[base + i];
      const x2 = vec[base + half + i];
      vec[base + i] = x1 * c - x2 * s;
      vec[base + half + i] = x2 * c + x1 * s;
    }
  }
}
