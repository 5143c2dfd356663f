// AdamW on one tensor, as torch.optim.AdamW (and the CPU reference) computes it:
//   g = clip · grad;  m = β1 m + (1 − β1) g;  v = β2 v + (1 − β2) g²
//   p = p (1 − lr · wd) − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)
// Decay is decoupled, and off (DECAY = false) for the RMSNorm weights. The clip coefficient comes
// from the stats the same submission computed, so no readback sits between backward and update.
override WG: u32 = 256u;
override DECAY: bool = true;

@group(0) @binding(1) var<storage, read_write> param: array<f32>; // (tensor size,)
@group(0) @binding(2) var<storage, read> grad: array<f32>;        // (tensor size,)
@group(0) @binding(3) var<storage, read_write> m: array<f32>;     // (tensor size,) first moment
@group(0) @binding(4) var<storage, read_write> v: array<f32>;     // (tensor size,) second moment
@group(0) @binding(5) var<storage, read> stats: array<f32>;       // (4,) stats.wgsl: [2] = clip

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = arrayLength(&param);
  let clip = stats[2];
  let lr = params.learningRate;
  let decay = 1.0 - lr * select(0.0, params.weightDecay, DECAY);
  for (var i = gid.x; i < n; i += groups.x * WG) {
    let g = grad[i] * clip;
    let mi = params.beta1 * m[i] + (1.0 - params.beta1) * g;
    let vi = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    let update = mi / params.correction1 / (sqrt(vi / params.correction2) + params.epsilon);
    param[i] = param[i] * decay - lr * update;
  }
}
