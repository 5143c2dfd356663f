// x[r, i] = embedding[tokens[r], i] for the micro-batch's rows.
override DIM: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> embedding: array<f32>; // (vocab, dim)
@group(0) @binding(2) var<storage, read> tokens: array<u32>;    // (rows,)
@group(0) @binding(3) var<storage, read_write> x: array<f32>;   // (rows, dim)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let r = gid.y;
  if (i >= DIM || r >= params.rows) { return; }
  x[r * DIM + i] = embedding[tokens[r] * DIM + i];
}
