// Prepended to every kernel by createKernel: the per-step parameters. A submission holds several
// steps (prefill chunks, then one step per drafted token); each step's values sit in their own
// 256-byte slot of one uniform buffer, written once before the submission and selected with a
// dynamic offset, so the same bind groups serve every step.
struct Step {
  rows: u32,        // tokens fed this step
  pos0: u32,        // cache position of the first fed token
  tokenBase: u32,   // index into `tokens` of the first fed token
  logitRow0: u32,   // first row (within the step) that gets logits
  logitRows: u32,   // number of rows that get logits (0: none)
  outToken: u32,    // index into `tokens` where the chosen token is written
  outStep: u32,     // row of `confidences` / `distributions` for this step's choice
  temperature: f32, // sampling only
  topP: f32,        // sampling only
  u01: f32,         // the caller's uniform in [0, 1) for this step (sampling only)
}
@group(0) @binding(0) var<uniform> params: Step;
