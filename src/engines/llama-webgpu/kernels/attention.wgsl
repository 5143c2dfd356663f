// Causal multi-head attention of the step's queries over cache positions [0, pos], GQA-aware.
// One workgroup per (head, fed row): scores → max → exp and sum → weighted sum of values.
// Scores live in a storage scratch row so the context length is bounded by the cache, not by
// workgroup memory.
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32;
override MAX_SEQ: u32;
override SCALE: f32; // 1 / sqrt(headDim)
override WG: u32 = 64u; // a power of two (tree reduction)

@group(0) @binding(1) var<storage, read> qkv: array<f32>;        // (chunkRows, qDim + 2 kvDim)
@group(0) @binding(2) var<storage, read> kCache: array<f32>;     // (maxSeq, kvDim)
@group(0) @binding(3) var<storage, read> vCache: array<f32>;     // (maxSeq, kvDim)
@group(0) @binding(4) var<storage, read_write> scores: array<f32>; // (chunkRows, heads, maxSeq)
@group(0) @binding(5) var<storage, read_write> out: array<f32>;  // (chunkRows, qDim)

var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let h = wid.x;
  let t = wid.y;
  if (t >= params.rows) { return; }
  let n = params.pos0 + t + 1u; // positions this query sees
  let qDim = HEADS * HEAD_DIM;
  let kvDim = KV_HEADS * HEAD_DIM;
  let kvOff = (h / (HEADS / KV_HEADS)) * HEAD_DIM;
  let qBase = t * (qDim + 2u * kvDim) + h * HEAD_DIM;
  let sBase = (t * HEADS + h) * MAX_SEQ;

  var m = -3.402823e38;
  for (var p = lid; p < n; p += WG) {
    var dot = 0.0;
    for (var i = 0u; i < HEAD_DIM; i++) { dot += qkv[qBase + i] * kCache[p * kvDim + kvOff + i]; }
    let s = dot * SCALE;
    scores[sBase + p] = s;
    m = max(m, s);
  }
  red[lid] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  let mx = red[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var p = lid; p < n; p += WG) {
    let e = exp(scores[sBase + p] - mx);
    scores[sBase + p] = e;
    sum += e;
  }
  red[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  storageBarrier(); // the weights written above by other threads are read below
  for (var i = lid; i < HEAD_DIM; i += WG) {
    var acc = 0.0;
    for (var p = 0u; p < n; p++) { acc += scores[sBase + p] * vCache[p * kvDim + kvOff + i]; }
    out[t * qDim + h * HEAD_DIM + i] = acc / total;
  }
}
