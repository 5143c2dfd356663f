// Greedy choice on the step's last logits row, in one workgroup: each thread scans a contiguous
// chunk (so "first maximum in the chunk" is the lowest index), then a tree reduction keeps the
// larger value and, on ties, the lower index, like llama-cpu's argmax. It also sums exp(l − max)
// online, so the confidence softmax(row)[token] = 1 / Σ exp(l − max) costs no second kernel.
// The token goes to tokens[outToken], where the next step's embedding kernel reads it.
override VOCAB: u32;
override WG: u32 = 256u; // a power of two (tree reduction)

@group(0) @binding(1) var<storage, read> logits: array<f32>;          // (chunkRows, vocab)
@group(0) @binding(2) var<storage, read_write> tokens: array<u32>;    // (maxSeq + maxDraft,)
@group(0) @binding(3) var<storage, read_write> confidences: array<f32>; // (maxDraft,)

var<workgroup> bestValue: array<f32, WG>;
var<workgroup> bestIndex: array<u32, WG>;
var<workgroup> expSum: array<f32, WG>; // Σ exp(l − bestValue) over what this slot has seen

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  let row = (params.logitRows - 1u) * VOCAB;
  let chunk = (VOCAB + WG - 1u) / WG;
  let start = min(lid * chunk, VOCAB);
  let end = min(start + chunk, VOCAB);
  var bv = -3.402823e38;
  var bi = 0xffffffffu;
  for (var i = start; i < end; i++) {
    let v = logits[row + i];
    if (v > bv) { bv = v; bi = i; }
  }
  var s = 0.0;
  for (var i = start; i < end; i++) { s += exp(logits[row + i] - bv); }
  bestValue[lid] = bv;
  bestIndex[lid] = bi;
  expSum[lid] = s;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      let va = bestValue[lid];
      let vb = bestValue[lid + stride];
      let ib = bestIndex[lid + stride];
      let m = max(va, vb);
      expSum[lid] = expSum[lid] * exp(va - m) + expSum[lid + stride] * exp(vb - m);
      if (vb > va || (vb == va && ib < bestIndex[lid])) {
        bestValue[lid] = vb;
        bestIndex[lid] = ib;
      }
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    tokens[params.outToken] = bestIndex[0];
    confidences[params.outStep] = 1.0 / expSum[0];
  }
}
