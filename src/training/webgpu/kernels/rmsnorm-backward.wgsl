// The input gradient of y = w ⊙ x · rstd, added to the residual stream's gradient:
//   g = dy ⊙ w;  dx += rstd · g − x · rstd³ · (g · x) / dim
// (lanes.wgsl is prepended: LANES threads per row.)
override DIM: u32;

@group(0) @binding(1) var<storage, read> weight: array<f32>;   // (dim,)
@group(0) @binding(2) var<storage, read> x: array<f32>;        // (rows, dim) the norm's input
@group(0) @binding(3) var<storage, read> rstd: array<f32>;     // (rows,)
@group(0) @binding(4) var<storage, read> dy: array<f32>;       // (rows, dim) gradient of the norm's output
@group(0) @binding(5) var<storage, read_write> dx: array<f32>; // (rows, dim) accumulated

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x * (WG / LANES) + lid / LANES;
  let lane = lid % LANES;
  let live = row < params.rows;
  let base = row * DIM;
  var dot = 0.0;
  if (live) {
    for (var i = lane; i < DIM; i += LANES) { dot += dy[base + i] * weight[i] * x[base + i]; }
  }
  let total = laneSum(lid, dot);
  if (!live) { return; }
  let r = rstd[row];
  let coef = r * r * r * total / f32(DIM);
  for (var i = lane; i < DIM; i += LANES) {
    dx[base + i] += r * dy[base + i] * weight[i] - coef * x[base + i];
  }
}
