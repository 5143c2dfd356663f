// Attention backward, key/value side: one invocation per (row, kv head) sums over the queries that
// saw this key (positions t ≥ its own in the same sequence, every query head of its GQA group),
// recomputing P from q, k and the saved log-sum-exp, so no two invocations write the same value:
//   dv = Σ P dO;  dk = scale · Σ P (dO · v − D) q
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32;
override SCALE: f32;
override WG: u32 = 64u;

const MAX_HEAD_DIM: u32 = 128u;

@group(0) @binding(1) var<storage, read> qkv: array<f32>;        // (rows, qDim + 2 kvDim) after RoPE
@group(0) @binding(2) var<storage, read> lse: array<f32>;        // (rows, heads)
@group(0) @binding(3) var<storage, read> dOut: array<f32>;       // (rows, qDim)
@group(0) @binding(4) var<storage, read> delta: array<f32>;      // (rows, heads) D from the query side
@group(0) @binding(5) var<storage, read_write> dqkv: array<f32>; // (rows, qDim + 2 kvDim): writes dk, dv

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let item = gid.x;
  if (item >= params.rows * KV_HEADS) { return; }
  let row = item / KV_HEADS;
  let g = item % KV_HEADS;
  let p = row % params.seqLen;
  let first = row - p;
  let qDim = HEADS * HEAD_DIM;
  let kvDim = KV_HEADS * HEAD_DIM;
  let width = qDim + 2u * kvDim;
  let k = row * width + qDim + g * HEAD_DIM;
  let v = k + kvDim;
  let group = HEADS / KV_HEADS;

  var dk: array<f32, MAX_HEAD_DIM>;
  var dv: array<f32, MAX_HEAD_DIM>;
  for (var t = p; t < params.seqLen; t++) {
    let rq = first + t;
    for (var h = g * group; h < (g + 1u) * group; h++) {
      let q = rq * width + h * HEAD_DIM;
      let o = rq * qDim + h * HEAD_DIM;
      var s = 0.0;
      var dp = 0.0;
      for (var i = 0u; i < HEAD_DIM; i++) {
        s += qkv[q + i] * qkv[k + i];
        dp += dOut[o + i] * qkv[v + i];
      }
      let prob = exp(s * SCALE - lse[rq * HEADS + h]);
      let ds = prob * (dp - delta[rq * HEADS + h]);
      for (var i = 0u; i < HEAD_DIM; i++) {
        dk[i] += ds * qkv[q + i];
        dv[i] += prob * dOut[o + i];
      }
    }
  }
  for (var i = 0u; i < HEAD_DIM; i++) {
    dqkv[k + i] = dk[i] * SCALE;
    dqkv[v + i] = dv[i];
  }
}
