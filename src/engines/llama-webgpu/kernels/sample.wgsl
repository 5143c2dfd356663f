// Sampled choice on the step's last logits row, in one workgroup, matching src/spec/sampling.ts:
// q = topP(softmax(l / T)), then the inverse-CDF draw with the caller's uniform u01. Each thread
// owns a contiguous chunk of the vocabulary in every phase, so index order is chunk order.
// Top-p without a sort: a binary search over float bit patterns finds τ, the smallest kept
// probability (the largest v with mass(p ≥ v) ≥ topP); tokens with p > τ are kept, and tokens with
// p == τ are kept in index order while the mass is short of topP, as the CPU's stable sort does.
// q goes to distributions[outStep] (read back once at the end of the draft).
override VOCAB: u32;
override WG: u32 = 256u; // a power of two (tree reduction)

@group(0) @binding(1) var<storage, read> logits: array<f32>;              // (chunkRows, vocab)
@group(0) @binding(2) var<storage, read_write> tokens: array<u32>;        // (maxSeq + maxDraft,)
@group(0) @binding(3) var<storage, read_write> confidences: array<f32>;   // (maxDraft,)
@group(0) @binding(4) var<storage, read_write> distributions: array<f32>; // (maxDraft, vocab)

var<workgroup> red: array<f32, WG>;
var<workgroup> counts: array<u32, WG>;

fn reduceSum(lid: u32, value: f32) -> f32 {
  workgroupBarrier();
  red[lid] = value;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] += red[lid + s]; }
    workgroupBarrier();
  }
  return red[0];
}

fn reduceMax(lid: u32, value: f32) -> f32 {
  workgroupBarrier();
  red[lid] = value;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  return red[0];
}

/** Exclusive prefix sum of `value` over threads (thread 0 scans; WG entries is cheap). */
fn exclusiveScanU32(lid: u32, value: u32) -> u32 {
  workgroupBarrier();
  counts[lid] = value;
  workgroupBarrier();
  if (lid == 0u) {
    var run = 0u;
    for (var k = 0u; k < WG; k++) { let c = counts[k]; counts[k] = run; run += c; }
  }
  workgroupBarrier();
  return counts[lid];
}

fn exclusiveScanF32(lid: u32, value: f32) -> f32 {
  workgroupBarrier();
  red[lid] = value;
  workgroupBarrier();
  if (lid == 0u) {
    var run = 0.0;
    for (var k = 0u; k < WG; k++) { let c = red[k]; red[k] = run; run += c; }
  }
  workgroupBarrier();
  return red[lid];
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  let row = (params.logitRows - 1u) * VOCAB;
  let q0 = params.outStep * VOCAB;
  let chunk = (VOCAB + WG - 1u) / WG;
  let start = min(lid * chunk, VOCAB);
  let end = min(start + chunk, VOCAB);
  let invT = 1.0 / params.temperature;

  // softmax(l / T)
  var m = -3.402823e38;
  for (var i = start; i < end; i++) { m = max(m, logits[row + i]); }
  let mx = reduceMax(lid, m);
  var s = 0.0;
  for (var i = start; i < end; i++) {
    let e = exp((logits[row + i] - mx) * invT);
    distributions[q0 + i] = e;
    s += e;
  }
  let total = reduceSum(lid, s);
  var pmax = 0.0;
  for (var i = start; i < end; i++) {
    let p = distributions[q0 + i] / total;
    distributions[q0 + i] = p;
    pmax = max(pmax, p);
  }

  if (params.topP < 1.0) {
    // τ: the largest float v with mass(p ≥ v) ≥ topP, searched over bit patterns (monotone for v ≥ 0).
    var lo = 0u;
    var hi = bitcast<u32>(reduceMax(lid, pmax));
    for (var it = 0u; it < 32u; it++) {
      let mid = lo + (hi - lo + 1u) / 2u;
      let v = bitcast<f32>(mid);
      var part = 0.0;
      for (var i = start; i < end; i++) { let p = distributions[q0 + i]; if (p >= v) { part += p; } }
      // mid == lo only once converged; never step below lo (f32 rounding of the total mass).
      if (reduceSum(lid, part) >= params.topP || mid == lo) { lo = mid; } else { hi = mid - 1u; }
    }
    let tau = bitcast<f32>(lo);
    var above = 0.0;
    var ties = 0u;
    for (var i = start; i < end; i++) {
      let p = distributions[q0 + i];
      if (p > tau) { above += p; } else if (p == tau) { ties += 1u; }
    }
    let massAbove = reduceSum(lid, above);
    var keepTies = 0xffffffffu; // τ == 0 only if every probability underflowed: keep them all
    if (tau > 0.0) { keepTies = max(1u, u32(ceil((params.topP - massAbove) / tau))); }
    var rank = exclusiveScanU32(lid, ties);
    var kept = 0.0;
    for (var i = start; i < end; i++) {
      let p = distributions[q0 + i];
      var keep = p > tau;
      if (p == tau) { keep = rank < keepTies; rank += 1u; }
      if (keep) { kept += p; } else { distributions[q0 + i] = 0.0; }
    }
    let keptMass = reduceSum(lid, kept);
    for (var i = start; i < end; i++) { distributions[q0 + i] = distributions[q0 + i] / keptMass; }
  }

  // Inverse CDF: first i (index order, zero-mass tokens skipped) with u01 · mass < cumulative mass.
  var chunkMass = 0.0;
  for (var i = start; i < end; i++) { chunkMass += distributions[q0 + i]; }
  let goal = params.u01 * reduceSum(lid, chunkMass);
  var cumulative = exclusiveScanF32(lid, chunkMass);
  var found = 0xffffffffu;
  for (var i = start; i < end; i++) {
    let p = distributions[q0 + i];
    if (p <= 0.0) { continue; }
    cumulative += p;
    if (goal < cumulative) { found = i; break; }
  }
  workgroupBarrier();
  counts[lid] = found;
  storageBarrier(); // thread 0 reads distributions other threads wrote
  workgroupBarrier();
  if (lid == 0u) {
    var choice = 0xffffffffu;
    for (var k = 0u; k < WG; k++) { choice = min(choice, counts[k]); }
    if (choice == 0xffffffffu) { // rounding left the goal ≥ the total: the last token with mass
      for (var i = VOCAB; i > 0u; i--) {
        if (distributions[q0 + i - 1u] > 0.0) { choice = i - 1u; break; }
      }
    }
    tokens[params.outToken] = choice;
    confidences[params.outStep] = distributions[q0 + choice];
  }
}
