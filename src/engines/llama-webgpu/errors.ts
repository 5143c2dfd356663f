import { TandemError } from '../../errors.ts';

/** navigator.gpu is absent, or no adapter/device could be obtained. */
export class WebGpuUnavailableError extends TandemError {}

/** The model (or a buffer or dispatch it needs) exceeds a limit of this GPU; the message names it. */
export class DeviceLimitError extends TandemError {
  constructor(
    readonly limit: string,
    message: string,
  ) {
    super(message);
  }
}

/** The GPUDevice was lost (driver reset, tab backgrounded, destroy()); build a new engine. */
export class DeviceLostError extends TandemError {}

/** A WGSL kernel failed to compile or validate; the message carries the validation text. */
export class KernelError extends TandemError {}
