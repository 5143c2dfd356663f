// The gradient of act = silu(g) · u with respect to the fused (gate ‖ up) projection:
//   σ = 1 / (1 + e^−g);  dg = dAct · u · σ (1 + g (1 − σ));  du = dAct · g σ
override HIDDEN: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> gateUp: array<f32>;        // (rows, 2 hidden)
@group(0) @binding(2) var<storage, read> dAct: array<f32>;          // (rows, hidden)
@group(0) @binding(3) var<storage, read_write> dGateUp: array<f32>; // (rows, 2 hidden)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let r = gid.y;
  if (i >= HIDDEN || r >= params.rows) { return; }
  let gi = r * 2u * HIDDEN + i;
  let g = gateUp[gi];
  let u = gateUp[gi + HIDDEN];
  let d = dAct[r * HIDDEN + i];
  let sig = 1.0 / (1.0 + exp(-g));
  dGateUp[gi] = d * u * sig * (1.0 + g * (1.0 - sig));
  dGateUp[gi + HIDDEN] = d * g * sig;
}
