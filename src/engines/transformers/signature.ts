import { OnnxSignatureError } from './errors.ts';

/**
 * Checks an ONNX decoder session against what TransformersLM feeds and reads, before the first
 * forward, so that a wrong export fails with the names of what is missing rather than deep inside
 * onnxruntime.
 */

export interface SessionSignature {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** onnxruntime ≥ 1.21: shapes of the inputs, numbers or symbolic names. */
  readonly inputMetadata?: readonly { name: string; shape?: readonly (number | string)[] }[];
}

export function expectedInputs(numLayers: number): string[] {
  return ['input_ids', 'attention_mask', 'position_ids', ...cacheNames(numLayers, 'past_key_values')];
}

export function expectedOutputs(numLayers: number): string[] {
  return ['logits', ...cacheNames(numLayers, 'present')];
}

export function cacheNames(numLayers: number, prefix: 'past_key_values' | 'present'): string[] {
  return Array.from({ length: numLayers }, (_, i) => [`${prefix}.${i}.key`, `${prefix}.${i}.value`]).flat();
}

export function checkSignature(session: SessionSignature, numLayers: number, where: string): void {
  const missingInputs = expectedInputs(numLayers).filter((n) => !session.inputNames.includes(n));
  const missingOutputs = expectedOutputs(numLayers).filter((n) => !session.outputNames.includes(n));
  const problems: string[] = [];
  if (missingInputs.length > 0) problems.push(`missing inputs ${missingInputs.join(', ')}`);
  if (missingOutputs.length > 0) problems.push(`missing outputs ${missingOutputs.join(', ')}`);
  // transformers.js builds the empty first-step cache from these shapes; a symbolic head count or
  // head size would silently become 0.
  for (const meta of session.inputMetadata ?? []) {
    if (!meta.name.startsWith('past_key_values.') || !meta.shape) continue;
    const [, heads, , headDim] = meta.shape;
    if (typeof heads !== 'number' || typeof headDim !== 'number') {
      problems.push(
        `input ${meta.name} has shape [${meta.shape.join(', ')}]: head count and head size must be numbers`,
      );
    }
  }
  if (problems.length > 0) {
    throw new OnnxSignatureError(
      `onnx/model.onnx in ${where} is not a decoder with a KV cache for ${numLayers} layers: ${problems.join('; ')}`,
    );
  }
}
