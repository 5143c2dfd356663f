// act[r, i] = silu(gate[r, i]) · up[r, i], gate and up from one fused (gate ‖ up) projection.
override HIDDEN: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> gateUp: array<f32>;    // (rows, 2 hidden)
@group(0) @binding(2) var<storage, read_write> act: array<f32>; // (rows, hidden)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let r = gid.y;
  if (i >= HIDDEN || r >= params.rows) { return; }
  let g = gateUp[r * 2u * HIDDEN + i];
  let u = gateUp[r * 2u * HIDDEN + HIDDEN + i];
  act[r * HIDDEN + i] = g / (1.0 + exp(-g)) * u;
}
