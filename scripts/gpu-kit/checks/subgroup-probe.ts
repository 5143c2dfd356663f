/**
 * What subgroups look like on this adapter, measured rather than read from adapter.info: a kernel
 * writes each invocation's subgroup_size and the subgroupAdd of 1 over its subgroup. On NVIDIA
 * both should be 32; the engine's kernels do not use subgroups yet, this is for the kernels to come.
 */
export interface SubgroupProbe {
  /** Distinct subgroup_size values seen across a 256-invocation workgroup. */
  sizes: number[];
  /** subgroupAdd(1) equalled subgroup_size in every invocation (all lanes active, the sum right). */
  addAgrees: boolean;
}

const WG = 256;
const CODE = `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out: array<u32>; // (2, ${WG})
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) i: u32, @builtin(subgroup_size) size: u32) {
  out[i] = size;
  out[${WG}u + i] = subgroupAdd(1u);
}`;

export async function probeSubgroups(device: GPUDevice): Promise<SubgroupProbe> {
  device.pushErrorScope('validation');
  const pipeline = device.createComputePipeline({
    label: 'subgroup probe',
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: CODE }), entryPoint: 'main' },
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`subgroup probe did not compile: ${error.message}`);
  const bytes = 2 * WG * 4;
  // (2, WG) u32: each invocation's subgroup_size, then its subgroupAdd(1)
  const out = device.createBuffer({
    label: 'subgroup probe out',
    size: bytes,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
  });
  const read = device.createBuffer({
    label: 'subgroup probe read',
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const encoder = device.createCommandEncoder({ label: 'subgroup probe' });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(
      0,
      device.createBindGroup({
        layout: pipeline.getBindGroupLayout(0),
        entries: [{ binding: 0, resource: { buffer: out } }],
      }),
    );
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, read, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const values = new Uint32Array(read.getMappedRange().slice(0));
    read.unmap();
    const sizes = [...new Set(values.subarray(0, WG))].sort((a, b) => a - b);
    const addAgrees = values.subarray(0, WG).every((size, i) => values[WG + i] === size);
    return { sizes, addAgrees };
  } finally {
    out.destroy();
    read.destroy();
  }
}
