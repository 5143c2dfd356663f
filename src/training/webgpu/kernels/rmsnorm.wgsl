// out[r] = weight ⊙ x[r] · rstd[r], rstd[r] = 1 / √(mean(x[r]²) + ε), keeping rstd for the backward.
// (lanes.wgsl is prepended: LANES threads per row.)
override DIM: u32;
override EPS: f32;

@group(0) @binding(1) var<storage, read> weight: array<f32>;     // (dim,)
@group(0) @binding(2) var<storage, read> x: array<f32>;          // (rows, dim)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;  // (rows, dim)
@group(0) @binding(4) var<storage, read_write> rstd: array<f32>; // (rows,)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x * (WG / LANES) + lid / LANES;
  let lane = lid % LANES;
  let live = row < params.rows;
  let base = row * DIM;
  var ss = 0.0;
  if (live) {
    for (var i = lane; i < DIM; i += LANES) { ss += x[base + i] * x[base + i]; }
  }
  let scale = 1.0 / sqrt(laneSum(lid, ss) / f32(DIM) + EPS);
  if (!live) { return; }
  for (var i = lane; i < DIM; i += LANES) { out[base + i] = weight[i] * (scale * x[base + i]); }
  if (lane == 0u) { rstd[row] = scale; }
}
