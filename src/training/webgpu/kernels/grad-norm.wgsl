// First stage of the global gradient norm: each tensor's Σ g² split into GROUPS partial sums, written
// to this tensor's 256-byte window of the partials buffer. Fixed grid, fixed order: the same sum
// every run. TREE (real GPUs): GROUPS workgroups stride over the tensor and reduce in workgroup
// memory. Without (CPU-emulated adapters, where barriers are dear): one workgroup of GROUPS
// threads, each summing every GROUPS-th value.
override WG: u32 = 256u;    // a power of two; GROUPS when not TREE
override GROUPS: u32 = 64u; // × 4 bytes = the window
override TREE: bool = true;

@group(0) @binding(1) var<storage, read> grad: array<f32>;           // (tensor size,)
@group(0) @binding(2) var<storage, read_write> partials: array<f32>; // (GROUPS,)

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let n = arrayLength(&grad);
  if (!TREE) {
    var own = 0.0;
    for (var i = lid; i < n; i += GROUPS) { own += grad[i] * grad[i]; }
    partials[lid] = own;
    return;
  }
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
