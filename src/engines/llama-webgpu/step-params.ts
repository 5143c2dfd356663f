import { PARAM_SLOT_BYTES } from './kernel.ts';

/** The fields of the WGSL `Step` struct (kernels/params.wgsl), in order. */
export interface StepValues {
  rows: number;
  pos0: number;
  tokenBase: number;
  logitRow0: number;
  logitRows: number;
  outToken: number;
  outStep: number;
  temperature: number;
  topP: number;
  u01: number;
}

const U32_FIELDS = ['rows', 'pos0', 'tokenBase', 'logitRow0', 'logitRows', 'outToken', 'outStep'] as const;
const F32_FIELDS = ['temperature', 'topP', 'u01'] as const;
const WORDS_PER_SLOT = PARAM_SLOT_BYTES / 4;

/** CPU mirror of the params uniform buffer: one 256-byte slot per step, written with one writeBuffer. */
export class StepParams {
  private readonly bytes: ArrayBuffer;
  private readonly u32: Uint32Array;
  private readonly f32: Float32Array;

  constructor(readonly slots: number) {
    this.bytes = new ArrayBuffer(slots * PARAM_SLOT_BYTES);
    this.u32 = new Uint32Array(this.bytes);
    this.f32 = new Float32Array(this.bytes);
  }

  write(device: GPUDevice, buffer: GPUBuffer, steps: readonly StepValues[]): void {
    if (steps.length > this.slots) throw new Error(`${steps.length} steps exceed the ${this.slots} param slots`);
    steps.forEach((step, slot) => {
      const base = slot * WORDS_PER_SLOT;
      U32_FIELDS.forEach((field, i) => (this.u32[base + i] = step[field]));
      F32_FIELDS.forEach((field, i) => (this.f32[base + U32_FIELDS.length + i] = step[field]));
    });
    device.queue.writeBuffer(buffer, 0, this.bytes, 0, steps.length * PARAM_SLOT_BYTES);
  }
}
