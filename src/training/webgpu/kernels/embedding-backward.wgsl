// grad[id, i] += Σ dx[r, i] over the rows r whose input token is id. WGSL has no float atomics,
// so the CPU groups the rows by token first (`groups`): one invocation per (distinct id, column)
// sums its rows in a fixed order, and no two invocations write the same value (deterministic).
//   groups = ids (U) ‖ starts (U + 1) ‖ rows (rows), U = params.uniqueTokens: the rows of ids[u]
//   are rows[starts[u] … starts[u + 1]).
override DIM: u32;
override WG: u32 = 64u;

@group(0) @binding(1) var<storage, read> dx: array<f32>;          // (rows, dim)
@group(0) @binding(2) var<storage, read> groups: array<u32>;      // (2 U + 1 + rows,)
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;  // (vocab, dim)

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  let u = gid.y;
  let unique = params.uniqueTokens;
  if (i >= DIM || u >= unique) { return; }
  let rowList = 2u * unique + 1u;
  var sum = 0.0;
  for (var k = groups[unique + u]; k < groups[unique + u + 1u]; k++) {
    sum += dx[groups[rowList + k] * DIM + i];
  }
  let o = groups[u] * DIM + i;
  grad[o] = grad[o] + sum;
}
