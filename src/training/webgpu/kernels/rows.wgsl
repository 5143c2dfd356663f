// Moves rows between the micro-batch's layout and the LM head's, which has only the rows that
// carry a target (prompt and padding rows need no logits: skipping them saves most of the
// largest product of a step).
//   GATHER:  out[h, i] = src[headIndex[h], i]            for h < headRows
//   scatter: out[r, i] = src[rowHead[r], i], or 0 when row r has no target (rowHead[r] = ~0u)
override DIM: u32;
override GATHER: bool = true;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> src: array<f32>;       // (rows or headRows, dim)
@group(0) @binding(2) var<storage, read> index: array<u32>;     // GATHER: headIndex (headRows,); else rowHead (rows,)
@group(0) @binding(3) var<storage, read_write> out: array<f32>; // (headRows or rows, dim)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let r = gid.y;
  if (i >= DIM || r >= select(params.rows, params.headRows, GATHER)) { return; }
  let srcRow = index[r];
  if (srcRow == 0xffffffffu) {
    out[r * DIM + i] = 0.0;
  } else {
    out[r * DIM + i] = src[srcRow * DIM + i];
  }
}
