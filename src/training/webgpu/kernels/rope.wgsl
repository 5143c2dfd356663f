// RoPE with HF's rotate_half pairing (dimension i with i + headDim/2), in place on the query and key
// heads of each row: a qkv row starts with the q heads, then the k heads, so (heads + kvHeads)
// heads lie back to back. A row's position is row % seqLen (every sequence starts at 0). INVERSE
// rotates by −θ: the rotation's transpose, i.e. the backward, applied to their gradients.
override HEADS: u32;
override KV_HEADS: u32;
override HEAD_DIM: u32;
override INVERSE: bool = false;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read_write> qkv: array<f32>; // (rows, (heads + 2 kvHeads) headDim)
@group(0) @binding(2) var<storage, read> ropeCos: array<f32>;   // (maxSeq, headDim / 2)
@group(0) @binding(3) var<storage, read> ropeSin: array<f32>;   // (maxSeq, headDim / 2)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let half = HEAD_DIM / 2u;
  let e = gid.x;
  let row = gid.y;
  if (e >= (HEADS + KV_HEADS) * half || row >= params.rows) { return; }
  let width = (HEADS + 2u * KV_HEADS) * HEAD_DIM;
  let i = e % half;
  let base = row * width + (e / half) * HEAD_DIM;
  let table = (row % params.seqLen) * half + i;
  let c = ropeCos[table];
  let s = select(ropeSin[table], -ropeSin[table], INVERSE);
  let x1 = qkv[base + i];
  let x2 = qkv[base + half + i];
  qkv[base + i] = x1 * c - x2 * s;
  qkv[base + half + i] = x2 * c + x1 * s;
}
