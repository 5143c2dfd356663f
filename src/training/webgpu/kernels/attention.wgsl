// Causal self-attention within each sequence of the micro-batch, GQA-aware, one invocation per
// (row, query head): query t of a sequence sees its keys 0 … t. Batches are right-padded, so a
// real token never sees padding; padding rows carry no loss and so get exactly zero gradient.
// Two passes over the keys: an online max and sum give the log-sum-exp, which is kept for the
// backward; then the softmax-weighted sum of values.
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32; // ≤ MAX_HEAD_DIM
override SCALE: f32;    // 1 / √headDim
override WG: u32 = 64u;

const MAX_HEAD_DIM: u32 = 128u;

@group(0) @binding(1) var<storage, read> qkv: array<f32>;       // (rows, qDim + 2 kvDim) after RoPE
@group(0) @binding(2) var<storage, read_write> out: array<f32>; // (rows, qDim) heads concatenated
@group(0) @binding(3) var<storage, read_write> lse: array<f32>; // (rows, heads) log Σ exp(score)

fn score(q: u32, k: u32) -> f32 {
  var dot = 0.0;
  for (var i = 0u; i < HEAD_DIM; i++) { dot += qkv[q + i] * qkv[k + i]; }
  return dot * SCALE;
}

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let item = gid.x;
  if (item >= params.rows * HEADS) { return; }
  let row = item / HEADS;
  let h = item % HEADS;
  let t = row % params.seqLen;
  let first = row - t;
  let qDim = HEADS * HEAD_DIM;
  let kvDim = KV_HEADS * HEAD_DIM;
  let width = qDim + 2u * kvDim;
  let q = row * width + h * HEAD_DIM;
  let kv = (h / (HEADS / KV_HEADS)) * HEAD_DIM;

  var m = -3.402823e38;
  var l = 0.0;
  for (var p = 0u; p <= t; p++) {
    let s = score(q, (first + p) * width + qDim + kv);
    if (s > m) {
      l *= exp(m - s);
      m = s;
    }
    l += exp(s - m);
  }
  let logSum = m + log(l);
  var acc: array<f32, MAX_HEAD_DIM>;
  for (var p = 0u; p <= t; p++) {
    let k = (first + p) * width + qDim + kv;
    let w = exp(score(q, k) - logSum);
    let v = k + kvDim;
    for (var i = 0u; i < HEAD_DIM; i++) { acc[i] += w * qkv[v + i]; }
  }
  for (var i = 0u; i < HEAD_DIM; i++) { out[row * qDim + h * HEAD_DIM + i] = acc[i]; }
  lse[item] = logSum;
}
