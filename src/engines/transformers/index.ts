export {
  loadTransformersLM,
  TransformersLM,
  type TransformersDevice,
  type TransformersLMOptions,
} from './transformers-lm.ts';
export { OnnxSignatureError, TransformersDeviceError } from './errors.ts';
