// x[t, i] = embedding[tokens[tokenBase + t], i]. The ids come from a GPU buffer, so a draft step
// embeds the token that the previous step's argmax wrote there, with no readback in between.
override DIM: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> embedding: array<f32>; // (vocab, dim)
@group(0) @binding(2) var<storage, read> tokens: array<u32>;    // (maxSeq + maxDraft,)
@group(0) @binding(3) var<storage, read_write> x: array<f32>;   // (chunkRows, dim)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let t = gid.y;
  if (i >= DIM || t >= params.rows) { return; }
  let token = tokens[params.tokenBase + t];
  x[t * DIM + i] = embedding[token * DIM + i];
}
