// Row reductions shared by the RMSNorm and cross-entropy kernels (prepended to them): a workgroup
// of WG threads handles WG / LANES items (rows or columns), LANES threads per item each striding
// over it, their partial results combined by a tree in workgroup memory. LANES = 1: one thread per
// item and no barriers at all. Every thread of the workgroup must call these (they hold barriers).
override LANES: u32 = 1u;
override WG: u32 = 64u;

var<workgroup> laneScratch: array<f32, WG>;

fn laneSum(lid: u32, v: f32) -> f32 {
  if (LANES == 1u) { return v; }
  laneScratch[lid] = v;
  workgroupBarrier();
  let lane = lid % LANES;
  for (var s = LANES / 2u; s > 0u; s >>= 1u) {
    if (lane < s) { laneScratch[lid] += laneScratch[lid + s]; }
    workgroupBarrier();
  }
  let total = laneScratch[lid - lane];
  workgroupBarrier(); // everyone has read the total before the scratch is reused
  return total;
}

fn laneMax(lid: u32, v: f32) -> f32 {
  if (LANES == 1u) { return v; }
  laneScratch[lid] = v;
  workgroupBarrier();
  let lane = lid % LANES;
  for (var s = LANES / 2u; s > 0u; s >>= 1u) {
    if (lane < s) { laneScratch[lid] = max(laneScratch[lid], laneScratch[lid + s]); }
    workgroupBarrier();
  }
  let total = laneScratch[lid - lane];
  workgroupBarrier();
  return total;
}
