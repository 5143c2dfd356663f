export { MlcCausalLM, type MlcCausalLMOptions, type ForwardCounts } from './mlc-causal-lm.ts';
export { loadWebLlmTarget, selfCheckTokens, type LoadWebLlmTargetOptions, type WebLlmTarget } from './load.ts';
export { buildAppConfig, type CacheBackend, type ModelLocation } from './app-config.ts';
export { PINNED_WEBLLM_VERSION, resolveSurface, pipelineOf } from './internals.ts';
export { checkLogitsBinding, withGpuErrorScopes, type BindingCheck } from './gpu-guard.ts';
export {
  compareRows,
  decide,
  runSelfCheck,
  DEFAULT_THRESHOLDS,
  type Comparison,
  type Decision,
  type Disagreement,
  type SelfCheckOptions,
  type SelfCheckReport,
  type Thresholds,
  type Verdict,
} from './self-check.ts';
export { formatSelfCheckReport, type ReportContext } from './self-check-report.ts';
export { WebLlmInternalsMissingError, MlcRuntimeError, MlcGpuError, MlcShapeError } from './errors.ts';
export type { MlcPipelineSurface, MlcTokenizer } from './surface.ts';
