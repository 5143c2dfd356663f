import type { GpuLimits } from '../protocol.ts';

/** The limits headless Chromium's SwiftShader adapter reports (FACTS.md), for tests' fake adapters. */
export const SWIFTSHADER_LIMITS: GpuLimits = {
  maxBufferSize: 1 << 30,
  maxStorageBufferBindingSize: 1 << 30,
  maxComputeWorkgroupStorageSize: 32768,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 10,
};
