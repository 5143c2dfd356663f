// One workgroup finishes a step's numbers: the mean loss (Σ lossRows / targets) and, WITH_NORM,
// the second stage of the gradient norm (Σ of every tensor's partials) and the clip coefficient
// AdamW applies, as torch's clip_grad_norm_: min(1, clipNorm / (norm + 1e-6)).
//   stats = (loss, gradNorm, clipCoefficient, Σ g²)
override WG: u32 = 256u;
override WITH_NORM: bool = true;

@group(0) @binding(1) var<storage, read> lossRows: array<f32>;    // (batch rows,)
@group(0) @binding(2) var<storage, read> partials: array<f32>;    // (tensors × GROUPS,)
@group(0) @binding(3) var<storage, read_write> stats: array<f32>; // (4,)

var<workgroup> red: array<f32, WG>;

fn total(lid: u32, v: f32) -> f32 {
  red[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  let sum = red[0];
  workgroupBarrier();
  return sum;
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var loss = 0.0;
  for (var i = lid; i < params.lossRows; i += WG) { loss += lossRows[i]; }
  loss = total(lid, loss) * params.invTargets;
  var squares = 0.0;
  if (WITH_NORM) {
    for (var i = lid; i < arrayLength(&partials); i += WG) { squares += partials[i]; }
  }
  squares = total(lid, squares);
  if (lid == 0u) {
    let norm = sqrt(squares);
    let clip = select(1.0, min(1.0, params.clipNorm / (norm + 1e-6)), params.clipNorm > 0.0);
    stats[0] = loss;
    stats[1] = norm;
    stats[2] = clip;
    stats[3] = squares;
  }
}
