import type { KitCheck } from './check.ts';
import { table } from './check.ts';
import { describeAdapter } from './gpu-setup.ts';
import { probeSubgroups, type SubgroupProbe } from './subgroup-probe.ts';

/** Section 1: which GPU Dawn found, what it offers, and what subgroups look like there. */

export interface AdapterData {
  description: string;
  info: Record<string, string | number | boolean>;
  featureLevel: string;
  features: string[];
  deviceFeatures: string[];
  has: { shaderF16: boolean; subgroups: boolean; timestampQuery: boolean };
  limits: Record<string, number>;
  subgroupProbe: SubgroupProbe | string;
  dawnOptions: string[];
}

const INFO_KEYS = [
  'vendor',
  'architecture',
  'device',
  'description',
  'subgroupMinSize',
  'subgroupMaxSize',
  'isFallbackAdapter',
] as const;

export const adapterCheck: KitCheck<AdapterData> = {
  key: 'adapter',
  title: '1. Adapter: info, features, limits',
  share: 0.05,
  emptyData: () => ({
    description: '',
    info: {},
    featureLevel: '',
    features: [],
    deviceFeatures: [],
    has: { shaderF16: false, subgroups: false, timestampQuery: false },
    limits: {},
    subgroupProbe: 'not run',
    dawnOptions: [],
  }),

  async run({ gpu }, section) {
    const { adapter, device } = gpu;
    const d = section.data;
    d.description = describeAdapter(adapter);
    for (const key of INFO_KEYS) d.info[key] = adapter.info[key] ?? '';
    d.featureLevel = gpu.featureLevel;
    d.features = [...adapter.features].sort();
    d.deviceFeatures = [...device.features].sort();
    d.has = {
      shaderF16: adapter.features.has('shader-f16'),
      subgroups: adapter.features.has('subgroups'),
      timestampQuery: adapter.features.has('timestamp-query'),
    };
    // GPUSupportedLimits' fields are prototype getters: read them by name.
    for (const key in adapter.limits) d.limits[key] = adapter.limits[key as keyof GPUSupportedLimits] as number;
    d.dawnOptions = gpu.dawnOptions;
    d.subgroupProbe = d.has.subgroups
      ? await probeSubgroups(device).catch((e: Error) => `failed: ${e.message}`)
      : 'the adapter has no subgroups feature';
    const probe =
      typeof d.subgroupProbe === 'string'
        ? d.subgroupProbe
        : `subgroup size ${d.subgroupProbe.sizes.join('/')}, subgroupAdd ${d.subgroupProbe.addAgrees ? 'right' : 'WRONG'}`;
    section.status = typeof d.subgroupProbe !== 'string' && !d.subgroupProbe.addAgrees ? 'failed' : 'measured';
    section.summary = `${d.description}; shader-f16 ${yes(d.has.shaderF16)}, subgroups ${yes(d.has.subgroups)} (${probe}), timestamp-query ${yes(d.has.timestampQuery)}`;
    if (gpu.emulated) section.notes.push('a CPU-emulated adapter: the figures measure the code, not a GPU');
    if (!d.has.timestampQuery)
      section.notes.push('no timestamp-query: GPU times are missing (—); wall-clock times only');
  },

  markdown({ data: d }) {
    const keyLimits = [
      'maxBufferSize',
      'maxStorageBufferBindingSize',
      'maxComputeWorkgroupStorageSize',
      'maxComputeInvocationsPerWorkgroup',
      'maxStorageBuffersPerShaderStage',
      'maxComputeWorkgroupsPerDimension',
    ];
    return [
      ...table(
        ['field', 'value'],
        [...Object.entries(d.info), ['featureLevel', d.featureLevel], ['Dawn options', d.dawnOptions.join(' ')]],
      ),
      `Adapter features: ${d.features.join(', ') || '(none)'}`,
      '',
      `Device created with: ${d.deviceFeatures.join(', ') || '(none)'}`,
      '',
      ...table(
        ['limit', 'value'],
        keyLimits.filter((k) => k in d.limits).map((k) => [k, d.limits[k]]),
      ),
      'All limits are in report.json.',
      '',
    ];
  },
};

function yes(value: boolean): string {
  return value ? 'yes' : 'no';
}
