// The same products as matmul.wgsl (see there for M, N, K, TRANS_A, TRANS_B and MODE), tiled for
// real GPUs: a workgroup of SIDE × SIDE threads computes a (4 SIDE)² block of C, staging BK-deep
// slices of A and B in workgroup memory with coalesced loads (along whichever axis is contiguous
// in storage), and each thread accumulates a 4×4 sub-block strided by SIDE.
override M: u32 = 0u;
override N: u32 = 0u;
override K: u32 = 0u;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override MODE: u32 = 0u;
override HEAD: bool = false; // the rows are the micro-batch's target rows (params.headRows): the LM head
override SIDE: u32 = 16u; // ≤ 16 (TILE_MAX / 4)

const BK: u32 = 16u;
const TILE_MAX: u32 = 64u;

@group(0) @binding(1) var<storage, read> a: array<f32>;       // (M, K), or (K, M) when TRANS_A
@group(0) @binding(2) var<storage, read> b: array<f32>;       // (K, N), or (N, K) when TRANS_B
@group(0) @binding(3) var<storage, read> r: array<f32>;       // (M, N) residual, read in MODE 2 only
@group(0) @binding(4) var<storage, read_write> c: array<f32>; // (M, N)

var<workgroup> aTile: array<f32, BK * TILE_MAX>; // (BK, tile): aTile[k][m]
var<workgroup> bTile: array<f32, BK * TILE_MAX>; // (BK, tile): bTile[k][n]

fn dims() -> vec3u {
  let rows = select(params.rows, params.headRows, HEAD);
  return vec3u(select(M, rows, M == 0u), select(N, rows, N == 0u), select(K, rows, K == 0u));
}

fn loadA(m: u32, k: u32, d: vec3u) -> f32 {
  if (m >= d.x || k >= d.z) { return 0.0; }
  if (TRANS_A) { return a[k * d.x + m]; }
  return a[m * d.z + k];
}

fn loadB(k: u32, n: u32, d: vec3u) -> f32 {
  if (n >= d.y || k >= d.z) { return 0.0; }
  if (TRANS_B) { return b[n * d.z + k]; }
  return b[k * d.y + n];
}

@compute @workgroup_size(SIDE, SIDE)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(local_invocation_id) local: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let d = dims();
  let tile = 4u * SIDE;
  let threads = SIDE * SIDE;
  let mBase = wid.y * tile;
  let nBase = wid.x * tile;
  var acc: array<vec4f, 4>; // acc[i][j] = C[mBase + local.y + i SIDE, nBase + local.x + j SIDE]
  for (var k0 = 0u; k0 < d.z; k0 += BK) {
    for (var e = lid; e < BK * tile; e += threads) {
      // Consecutive threads read consecutive addresses: along m when A is stored transposed, else along k.
      let am = select(e / BK, e % tile, TRANS_A);
      let ak = select(e % BK, e / tile, TRANS_A);
      aTile[ak * tile + am] = loadA(mBase + am, k0 + ak, d);
      let bn = select(e % tile, e / BK, TRANS_B);
      let bk = select(e / tile, e % BK, TRANS_B);
      bTile[bk * tile + bn] = loadB(k0 + bk, nBase + bn, d);
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let row = k * tile;
      let bv = vec4f(
        bTile[row + local.x],
        bTile[row + local.x + SIDE],
        bTile[row + local.x + 2u * SIDE],
        bTile[row + local.x + 3u * SIDE],
      );
      for (var i = 0u; i < 4u; i++) { acc[i] += aTile[row + local.y + i * SIDE] * bv; }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let m = mBase + local.y + i * SIDE;
    for (var j = 0u; j < 4u; j++) {
      let n = nBase + local.x + j * SIDE;
      if (m < d.x && n < d.y) {
        let o = m * d.y + n;
        if (MODE == 1u) { c[o] += acc[i][j]; } else if (MODE == 2u) { c[o] = r[o] + acc[i][j]; } else { c[o] = acc[i][j]; }
      }
    }
  }
}
