// First stage of the global gradient norm: GROUPS workgroups stride over one tensor's gradient and
// each writes its partial Σ g² to its slot of `partials` (this tensor's 256-byte window of the
// partials buffer). Fixed grid, fixed tree: the same sum every run.
override WG: u32 = 256u;    // a power of two
override GROUPS: u32 = 64u; // × 4 bytes = the window

@group(0) @binding(1) var<storage, read> grad: array<f32>;           // (tensor size,)
@group(0) @binding(2) var<storage, read_write> partials: array<f32>; // (GROUPS,)

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let n = arrayLength(&grad);
  var sum = 0.0;
  for (var i = wid.x * WG + lid; i < n; i += GROUPS * WG) { sum += grad[i] * grad[i]; }
  red[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { partials[wid.x] = red[0]; }
}
