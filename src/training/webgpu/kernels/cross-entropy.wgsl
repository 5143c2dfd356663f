// Cross-entropy fused with its backward, in place: each row's logits become
//   dLogits = (softmax(logits) − onehot(target)) / targetsInBatch
// and its loss, log Σ exp(logits) − logits[target], goes to lossRows (unscaled: the stats kernel
// divides the sum). The rows are the micro-batch's target rows (params.headRows), gathered; a row
// whose target is IGNORE_INDEX (< 0) would get zero gradient and zero loss.
// (lanes.wgsl is prepended: LANES threads per row.)
override VOCAB: u32;

@group(0) @binding(1) var<storage, read> targets: array<i32>;        // (headRows,)
@group(0) @binding(2) var<storage, read_write> logits: array<f32>;   // (headRows, vocab): in logits, out dLogits
@group(0) @binding(3) var<storage, read_write> lossRows: array<f32>; // (batch targets,) this micro-batch's from lossRow0

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let row = wid.x * (WG / LANES) + lid / LANES;
  let lane = lid % LANES;
  let live = row < params.headRows;
  let base = row * VOCAB;
  var targetId = -1;
  var m = -3.402823e38;
  if (live) {
    targetId = targets[row];
    for (var i = lane; i < VOCAB; i += LANES) { m = max(m, logits[base + i]); }
  }
  m = laneMax(lid, m);
  var sum = 0.0;
  var targetLogit = 0.0;
  if (live) {
    for (var i = lane; i < VOCAB; i += LANES) { sum += exp(logits[base + i] - m); }
    // Read before the barrier in laneSum: after it, other lanes of this row overwrite the logits.
    if (targetId >= 0) { targetLogit = logits[base + u32(targetId)]; }
  }
  sum = laneSum(lid, sum);
  if (!live) { return; }
  let logSum = m + log(sum);
  let ignored = targetId < 0;
  for (var i = lane; i < VOCAB; i += LANES) {
    let onehot = select(0.0, 1.0, i32(i) == targetId);
    let grad = (exp(logits[base + i] - logSum) - onehot) * params.invTargets;
    logits[base + i] = select(grad, 0.0, ignored);
  }
  if (lane == 0u) { lossRows[params.lossRow0 + row] = select(logSum - targetLogit, 0.0, ignored); }
}
