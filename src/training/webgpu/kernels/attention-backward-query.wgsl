// Attention backward, query side: one invocation per (row, query head), recomputing its softmax
// row P from q, k and the saved log-sum-exp:
//   D = dO · O (kept for the key side);  dS_p = P_p (dO · v_p − D);  dq = scale · Σ_p dS_p k_p
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32;
override SCALE: f32;
override WG: u32 = 64u;

const MAX_HEAD_DIM: u32 = 128u;

@group(0) @binding(1) var<storage, read> qkv: array<f32>;         // (rows, qDim + 2 kvDim) after RoPE
@group(0) @binding(2) var<storage, read> out: array<f32>;         // (rows, qDim) the forward's output O
@group(0) @binding(3) var<storage, read> lse: array<f32>;         // (rows, heads)
@group(0) @binding(4) var<storage, read> dOut: array<f32>;        // (rows, qDim)
@group(0) @binding(5) var<storage, read_write> delta: array<f32>; // (rows, heads) D
@group(0) @binding(6) var<storage, read_write> dqkv: array<f32>;  // (rows, qDim + 2 kvDim): writes dq

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
  let o = row * qDim + h * HEAD_DIM;
  let kv = (h / (HEADS / KV_HEADS)) * HEAD_DIM;

  var d = 0.0;
  for (var i = 0u; i < HEAD_DIM; i++) { d += dOut[o + i] * out[o + i]; }
  delta[item] = d;
  let logSum = lse[item];
  var dq: array<f32, MAX_HEAD_DIM>;
  for (var p = 0u; p <= t; p++) {
    let k = (first + p) * width + qDim + kv;
    let v = k + kvDim;
    var s = 0.0;
    var dp = 0.0;
    for (var i = 0u; i < HEAD_DIM; i++) {
      s += qkv[q + i] * qkv[k + i];
      dp += dOut[o + i] * qkv[v + i];
    }
    let ds = exp(s * SCALE - logSum) * (dp - d);
    for (var i = 0u; i < HEAD_DIM; i++) { dq[i] += ds * qkv[k + i]; }
  }
  for (var i = 0u; i < HEAD_DIM; i++) { dqkv[q + i] = dq[i] * SCALE; }
}
