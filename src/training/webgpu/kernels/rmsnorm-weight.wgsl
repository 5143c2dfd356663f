// The weight gradient of y = w ⊙ x · rstd: grad[i] += Σ_r dy[r, i] · x[r, i] · rstd[r], a reduction
// over the micro-batch's rows, one item per column (lanes.wgsl is prepended: LANES threads per
// column, each striding over rows). No atomics: one thread writes each column.
override DIM: u32;

@group(0) @binding(1) var<storage, read> x: array<f32>;          // (rows, dim) the norm's input
@group(0) @binding(2) var<storage, read> rstd: array<f32>;       // (rows,)
@group(0) @binding(3) var<storage, read> dy: array<f32>;         // (rows, dim)
@group(0) @binding(4) var<storage, read_write> grad: array<f32>; // (dim,) accumulated

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let col = wid.x * (WG / LANES) + lid / LANES;
  let lane = lid % LANES;
  let live = col < DIM;
  var sum = 0.0;
  if (live) {
    for (var r = lane; r < params.rows; r += LANES) { sum += dy[r * DIM + col] * x[r * DIM + col] * rstd[r]; }
  }
  let total = laneSum(lid, sum);
  if (live && lane == 0u) { grad[col] += total; }
}
