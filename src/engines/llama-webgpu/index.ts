export { createLlamaWebGpu, loadLlamaWebGpu, LlamaWebGpu, type LlamaWebGpuOptions } from './llama-webgpu.ts';
export { DeviceLimitError, DeviceLostError, KernelError, WebGpuUnavailableError } from './errors.ts';
export { requestGpu, GpuContext, type DeviceRequest } from './gpu.ts';
export { checkDeviceLimits, planBuffers, type LimitsLike } from './plan.ts';
