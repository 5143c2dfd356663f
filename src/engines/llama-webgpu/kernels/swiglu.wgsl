// h[t, i] = silu(gate[t, i]) · up[t, i], gate and up from one fused (gate ‖ up) projection.
override HIDDEN: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> gateUp: array<f32>;  // (chunkRows, 2 hidden)
@group(0) @binding(2) var<storage, read_write> h: array<f32>; // (chunkRows, hidden)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let t = gid.y;
  if (i >= HIDDEN || t >= params.rows) { return; }
  let g = gateUp[t * 2u * HIDDEN + i];
  let u = gateUp[t * 2u * HIDDEN + HIDDEN + i];
  h[t * HIDDEN + i] = g / (1.0 + exp(-g)) * u;
}
