// out[r] = weight ⊙ x[r] / rms(x[r]); one workgroup per row. FINAL: the rows are the step's logits
// rows (logitRow0 …), packed to the front of `out` for the LM head.
override DIM: u32;
override EPS: f32;
override FINAL: bool = false;
override WG: u32 = 64u; // a power of two (tree reduction)

@group(0) @binding(1) var<storage, read> weight: array<f32>;  // (dim,)
@group(0) @binding(2) var<storage, read> x: array<f32>;       // (chunkRows, dim)
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // (chunkRows, dim)

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let rows = select(params.rows, params.logitRows, FINAL);
  let r = wid.x;
  if (r >= rows) { return; }
  let src = select(r, params.logitRow0 + r, FINAL) * DIM;
  var ss = 0.0;
  for (var i = lid; i < DIM; i += WG) {
    let v = x[src + i];
    ss += v * v;
  }
  partial[lid] = ss;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let scale = 1.0 / sqrt(partial[0] / f32(DIM) + EPS);
  for (var i = lid; i < DIM; i += WG) {
    out[r * DIM + i] = weight[i] * (scale * x[src + i]);
  }
}
