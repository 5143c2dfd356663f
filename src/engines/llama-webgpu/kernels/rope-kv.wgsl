// RoPE (HF rotate_half: dimension i pairs with i + headDim/2) on the step's queries in place and on
// its keys, which go straight into the layer's KV cache at their positions with the values.
// One workgroup per fed row; cos/sin come from the same float32 tables as llama-cpu.
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read_write> qkv: array<f32>; // (chunkRows, qDim + 2 kvDim)
@group(0) @binding(2) var<storage, read> ropeCos: array<f32>;   // (maxSeq, headDim / 2)
@group(0) @binding(3) var<storage, read> ropeSin: array<f32>;   // (maxSeq, headDim / 2)
@group(0) @binding(4) var<storage, read_write> kCache: array<f32>; // (maxSeq, kvDim)
@group(0) @binding(5) var<storage, read_write> vCache: array<f32>; // (maxSeq, kvDim)

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let t = wid.x;
  if (t >= params.rows) { return; }
  let pos = params.pos0 + t;
  let half = HEAD_DIM / 2u;
  let qDim = HEADS * HEAD_DIM;
  let kvDim = KV_HEADS * HEAD_DIM;
  let row = t * (qDim + 2u * kvDim);
  let table = pos * half;
  for (var e = lid; e < HEADS * half; e += WG) {
    let base = row + (e / half) * HEAD_DIM;
    let i = e % half;
    let c = ropeCos[table + i];
    let s = ropeSin[table + i];
    let x1 = qkv[base + i];
    let x2 = qkv[base + half + i];
    qkv[base + i] = x1 * c - x2 * s;
    qkv[base + half + i] = x2 * c + x1 * s;
  }
  for (var e = lid; e < KV_HEADS * half; e += WG) {
    let head = (e / half) * HEAD_DIM;
    let i = e % half;
    let c = ropeCos[table + i];
    let s = ropeSin[table + i];
    let x1 = qkv[row + qDim + head + i];
    let x2 = qkv[row + qDim + head + half + i];
    kCache[pos * kvDim + head + i] = x1 * c - x2 * s;
    kCache[pos * kvDim + head + half + i] = x2 * c + x1 * s;
  }
  for (var e = lid; e < kvDim; e += WG) {
    vCache[pos * kvDim + e] = qkv[row + qDim + kvDim + e];
  }
}
