import { useTandem } from '../store/tandem-store.ts';
import { describeGpu } from './describe-gpu.ts';

/** What the worker's WebGPU probe found, in words. */
export function GpuStatus() {
  const gpu = useTandem((state) => state.gpu);
  const { state, text } = describeGpu(gpu);
  const detail = gpu.phase === 'done' && !gpu.report.available ? gpu.report.detail : undefined;
  return (
    <span className="status-item" data-testid="gpu-status" data-state={state} title={detail}>
      {text}
    </span>
  );
}
