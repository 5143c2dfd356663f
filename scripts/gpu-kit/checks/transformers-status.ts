/**
 * Why section 3 has no transformers.js row, said plainly in the report. transformers.js in Node runs
 * on onnxruntime-node, whose WebGPU execution provider did load and run a Tandem fixture on lavapipe
 * where the kit was built: the row is possible, and left out for the reasons below.
 */
export const TRANSFORMERS_JS_STATUS =
  'not attempted in this kit. transformers.js in Node runs on onnxruntime-node 1.30, whose WebGPU execution provider ' +
  '(a Dawn of its own inside libonnxruntime.so) did load and run a Tandem ONNX fixture on software Vulkan where the kit was built. ' +
  'Measuring it here would need that 46 MB library in the kit (17.5 MB gzipped: the kit would grow from 43 to about 60 MiB, its limit), ' +
  'an ONNX export of the same random weights written on the spot, a second Dawn in the process (or a child process), ' +
  'and Tandem\'s transformers engine accepting device "webgpu" in Node (it refuses it today). ' +
  'In a browser, npm run bench:drafter measures transformers.js side by side with llama-webgpu.';
