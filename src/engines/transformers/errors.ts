import { TandemError } from '../../errors.ts';

/**
 * An ONNX model whose graph lacks inputs or outputs this engine feeds or reads (input_ids,
 * attention_mask, position_ids, past_key_values.N.key/value; logits, present.N.key/value), or whose
 * cache inputs have symbolic head dims. The message names every missing or malformed one.
 */
export class OnnxSignatureError extends TandemError {}

/** The requested device cannot run here (webgpu without a GPU device, a GPU cache on the CPU, …). */
export class TransformersDeviceError extends TandemError {}
