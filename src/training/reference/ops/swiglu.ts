/** out (n,) = silu(gate) ⊙ up, silu(g) = g · σ(g). */
export function swigluForward(out: Float64Array, gate: Float64Array, up: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i];
    out[i] = (g / (1 + Math.exp(-g))) * up[i];
  }
}

/**
 * dgate = dout ⊙ up ⊙ σ(g)(1 + g(1 − σ(g))),  dup = dout ⊙ silu(g). Overwrites (not accumulates):
 * gate and up feed nothing else.
 */
export function swigluBackward(
  dgate: Float64Array,
  dup: Float64Array,
  dout: Float64Array,
  gate: Float64Array,
  up: Float64Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i];
    const sigmoid = 1 / (1 + Math.exp(-g));
    dgate[i] = dout[i] * up[i] * sigmoid * (1 + g * (1 - sigmoid));
    dup[i] = dout[i] * g * sigmoid;
  }
}
