// C = op(A) · op(B), the three products of a linear layer y = x · Wᵀ (W (out, in), as HF stores it):
//   forward  y  (rows, out) = x (rows, in) · Wᵀ         TRANS_B
//   input    dx (rows, in)  = dy (rows, out) · W
//   weight   dW (out, in)  += dyᵀ · x                   TRANS_A, MODE 1
// M, N, K are the product's dimensions (C is (M, N), the sum runs over K); 0 stands for the
// micro-batch's rows (or, HEAD, its rows that carry a target). This variant: each invocation computes a 4×4 block of C straight from
// storage, with no workgroup memory and no barriers: the layout for CPU-emulated adapters
// (SwiftShader), where a barrier costs more than re-reading.
override M: u32 = 0u;
override N: u32 = 0u;
override K: u32 = 0u;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
override MODE: u32 = 0u;
override HEAD: bool = false; // the rows are the micro-batch's target rows (params.headRows): the LM head // 0: C = AB; 1: C += AB (gradient accumulation); 2: C = R + AB (residual)
override SIDE: u32 = 8u; // threads per workgroup side; a workgroup covers (4 SIDE)²

@group(0) @binding(1) var<storage, read> a: array<f32>;       // (M, K), or (K, M) when TRANS_A
@group(0) @binding(2) var<storage, read> b: array<f32>;       // (K, N), or (N, K) when TRANS_B
@group(0) @binding(3) var<storage, read> r: array<f32>;       // (M, N) residual, read in MODE 2 only
@group(0) @binding(4) var<storage, read_write> c: array<f32>; // (M, N)

fn dims() -> vec3u {
  let rows = select(params.rows, params.headRows, HEAD);
  return vec3u(select(M, rows, M == 0u), select(N, rows, N == 0u), select(K, rows, K == 0u));
}

fn loadA(m: u32, k: u32, d: vec3u) -> f32 {
  if (m >= d.x) { return 0.0; }
  if (TRANS_A) { return a[k * d.x + m]; }
  return a[m * d.z + k];
}

fn loadB(k: u32, n: u32, d: vec3u) -> f32 {
  if (n >= d.y) { return 0.0; }
  if (TRANS_B) { return b[n * d.z + k]; }
  return b[k * d.y + n];
}

@compute @workgroup_size(SIDE, SIDE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let d = dims();
  let m0 = gid.y * 4u;
  let n0 = gid.x * 4u;
  if (m0 >= d.x || n0 >= d.y) { return; }
  var acc: array<vec4f, 4>; // acc[i][j] = C[m0 + i, n0 + j]
  for (var k = 0u; k < d.z; k++) {
    let bv = vec4f(loadB(k, n0, d), loadB(k, n0 + 1u, d), loadB(k, n0 + 2u, d), loadB(k, n0 + 3u, d));
    for (var i = 0u; i < 4u; i++) { acc[i] += loadA(m0 + i, k, d) * bv; }
  }
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + i;
    if (m >= d.x) { break; }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + j;
      if (n >= d.y) { break; }
      let o = m * d.y + n;
      if (MODE == 1u) { c[o] += acc[i][j]; } else if (MODE == 2u) { c[o] = r[o] + acc[i][j]; } else { c[o] = acc[i][j]; }
    }
  }
}
