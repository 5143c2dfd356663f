/**
 * Why section 3 has no transformers.js row: said plainly in the report. transformers.js in Node
 * runs on onnxruntime-node, whose WebGPU execution provider did load a Tandem fixture on lavapipe
 * here, so the row is possible; the kit does not carry it.
 */
export const TRANSFORMERS_JS_STATUS =
  'not attempted in this kit. transformers.js in Node runs on onnxruntime-node 1.30, whose WebGPU execution provider ' +
  '(its own Dawn, inside libonnxruntime.so) did load and run a Tandem ONNX fixture on software Vulkan where the kit was built; ' +
  'measuring it here would need that 46 MB library (14 MB compressed) in the kit, an ONNX export of the same random weights ' +
  'written on the spot, and Tandem\'s transformers engine allowing device "webgpu" in Node (it refuses it today). ' +
  'In the browser, npm run bench:drafter measures transformers.js side by side with llama-webgpu.';
