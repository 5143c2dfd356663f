// out[t, j] (+)= Σ_i w[j, i] · x[t, i]: W (D, N) row-major as HF stores nn.Linear, x (rows, N),
// out (rows, D). LANES threads share one output row j, striding over i, and reduce in workgroup
// memory; a workgroup covers WG / LANES rows for TILE_T tokens, so each weight load serves TILE_T
// tokens. LANES = 1 (a whole dot product per thread, no barriers) suits CPU-emulated adapters
// such as SwiftShader, where barriers cost far more than uncoalesced loads; real GPUs want ≥ 16.
// TILE_T = 1 is the decode (one-token) variant. Accumulation is f32 even for f16 weights.
alias WeightType = f32; // replaced with f16 (plus `enable f16;`) on the f16 path

override N: u32;
override D: u32;
override ACCUMULATE: bool = false; // out += …: the residual connection, fused
override LM_HEAD: bool = false;    // rows = the step's logits rows instead of its fed rows
override TILE_T: u32 = 4u;         // ≤ T_MAX
override LANES: u32 = 16u;         // a power of two dividing WG
override WG: u32 = 64u;

const T_MAX: u32 = 4u;

@group(0) @binding(1) var<storage, read> w: array<WeightType>;  // (D, N)
@group(0) @binding(2) var<storage, read> x: array<f32>;         // (chunkRows, N)
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // (chunkRows, D)

var<workgroup> partial: array<f32, T_MAX * WG>; // (T_MAX, WG)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let rows = select(params.rows, params.logitRows, LM_HEAD);
  let t0 = wid.y * TILE_T;
  if (t0 >= rows) { return; }
  let tiles = min(TILE_T, rows - t0);
  let lane = lid % LANES;
  let j = wid.x * (WG / LANES) + lid / LANES;
  let live = j < D;
  var acc: array<f32, T_MAX>;
  if (live) {
    for (var i = lane; i < N; i += LANES) {
      let wv = f32(w[j * N + i]);
      for (var t = 0u; t < tiles; t++) { acc[t] += wv * x[(t0 + t) * N + i]; }
    }
  }
  if (LANES > 1u) {
    for (var t = 0u; t < T_MAX; t++) { partial[t * WG + lid] = acc[t]; }
    workgroupBarrier();
    for (var s = LANES / 2u; s > 0u; s >>= 1u) {
      if (lane < s) {
        for (var t = 0u; t < T_MAX; t++) { partial[t * WG + lid] += partial[t * WG + lid + s]; }
      }
      workgroupBarrier();
    }
    for (var t = 0u; t < T_MAX; t++) { acc[t] = partial[t * WG + lid]; }
  }
  if (live && lane == 0u) {
    for (var t = 0u; t < tiles; t++) {
      let o = (t0 + t) * D + j;
      if (ACCUMULATE) { out[o] = out[o] + acc[t]; } else { out[o] = acc[t]; }
    }
  }
}
