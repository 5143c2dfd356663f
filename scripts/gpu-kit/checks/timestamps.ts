/**
 * GPU time of whatever an engine submits, without touching the engine: while a measurement runs,
 * every command encoder the device creates has its compute passes stamped (timestampWrites at the
 * beginning and end of each pass) and the stamps resolved and copied out when it is finished.
 * The GPU time of a call is the sum of its passes' durations (copies and queue gaps excluded).
 */

/** Passes stamped per command encoder; an append of more chunks than this is timed in its first ones only. */
const MAX_PASSES = 64;

interface Slot {
  querySet: GPUQuerySet; // (2 × MAX_PASSES) timestamps
  resolve: GPUBuffer; //    (2 × MAX_PASSES,) u64  QUERY_RESOLVE
  read: GPUBuffer; //       (2 × MAX_PASSES,) u64  MAP_READ
  passes: number;
  overflow: boolean;
}

export class TimestampTap {
  private enabled = false;
  private readonly free: Slot[] = [];
  private pending: Slot[] = [];
  private invalid = 0;

  private constructor(private readonly device: GPUDevice) {}

  /** Instruments `device` (it must have been created with 'timestamp-query'); undefined without the feature. */
  static install(device: GPUDevice): TimestampTap | undefined {
    if (!device.features.has('timestamp-query')) return undefined;
    const tap = new TimestampTap(device);
    const create = device.createCommandEncoder.bind(device);
    device.createCommandEncoder = (descriptor?: GPUCommandEncoderDescriptor): GPUCommandEncoder => {
      const encoder = create(descriptor);
      return tap.enabled ? tap.instrument(encoder) : encoder;
    };
    return tap;
  }

  /** Timestamps read back so far that were missing or ran backwards (the report says so). */
  get invalidReadings(): number {
    return this.invalid;
  }

  /** Runs `task` with its passes stamped; wall time excludes reading the stamps back. */
  async measure<T>(task: () => Promise<T>): Promise<{ value: T; wallMs: number; gpuMs: number | null }> {
    this.enabled = true;
    const start = performance.now();
    let value: T;
    try {
      value = await task();
    } finally {
      this.enabled = false;
    }
    const wallMs = performance.now() - start;
    return { value, wallMs, gpuMs: await this.collect() };
  }

  private instrument(encoder: GPUCommandEncoder): GPUCommandEncoder {
    const slot = this.take();
    const begin = encoder.beginComputePass.bind(encoder);
    const finish = encoder.finish.bind(encoder);
    encoder.beginComputePass = (descriptor: GPUComputePassDescriptor = {}): GPUComputePassEncoder => {
      if (slot.passes >= MAX_PASSES) {
        slot.overflow = true;
        return begin(descriptor);
      }
      const i = slot.passes++;
      return begin({
        ...descriptor,
        timestampWrites: { querySet: slot.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 },
      });
    };
    encoder.finish = (descriptor?: GPUCommandBufferDescriptor): GPUCommandBuffer => {
      if (slot.passes > 0) {
        encoder.resolveQuerySet(slot.querySet, 0, 2 * slot.passes, slot.resolve, 0);
        encoder.copyBufferToBuffer(slot.resolve, 0, slot.read, 0, 16 * slot.passes);
        this.pending.push(slot);
      } else {
        this.free.push(slot);
      }
      return finish(descriptor);
    };
    return encoder;
  }

  /** Reads every pending slot; null when any stamp is missing, backwards, or passes overflowed. */
  private async collect(): Promise<number | null> {
    const pending = this.pending;
    this.pending = [];
    let ns = 0n;
    let valid = pending.length > 0;
    for (const slot of pending) {
      const bytes = 16 * slot.passes;
      await slot.read.mapAsync(GPUMapMode.READ, 0, bytes);
      const stamps = new BigUint64Array(slot.read.getMappedRange(0, bytes).slice(0));
      slot.read.unmap();
      for (let i = 0; i < slot.passes; i++) {
        const [start, end] = [stamps[2 * i], stamps[2 * i + 1]];
        if (start === 0n || end < start) valid = false;
        else ns += end - start;
      }
      if (slot.overflow) valid = false;
      slot.passes = 0;
      slot.overflow = false;
      this.free.push(slot);
    }
    if (!valid && pending.length > 0) this.invalid++;
    return valid ? Number(ns) / 1e6 : null;
  }

  private take(): Slot {
    const reused = this.free.pop();
    if (reused) return reused;
    const count = 2 * MAX_PASSES;
    return {
      querySet: this.device.createQuerySet({ label: 'kit timestamps', type: 'timestamp', count }),
      resolve: this.device.createBuffer({
        label: 'kit timestamps resolve',
        size: 8 * count,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      }),
      read: this.device.createBuffer({
        label: 'kit timestamps readback',
        size: 8 * count,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      }),
      passes: 0,
      overflow: false,
    };
  }
}
