import { useId, type ChangeEvent } from 'react';
import { downloadableTargets } from '../store/installed-targets.ts';
import { installedTargets, isTargetChoice, targetChoice } from '../store/model-slice.ts';
import { DEMO_MODEL_LABEL, DEMO_MODEL_NOTE } from '../store/models.ts';
import { useTandem } from '../store/tandem-store.ts';
import type { DemoState, ModelChoice, PairModelInfo, PairState } from '../store/types.ts';

/** Which model translates. The demo says in its own name that it is not a translator. */
export function ModelPicker() {
  const model = useTandem((state) => state.model);
  const demo = useTandem((state) => state.demo);
  const pair = useTandem((state) => state.pair);
  const userModels = useTandem((state) => state.userModels);
  const cachedBytes = useTandem((state) => state.cachedBytes);
  const selectModel = useTandem((state) => state.selectModel);
  const id = useId();
  const statusId = useId();
  const targets = installedTargets(userModels, cachedBytes);
  const downloadable = downloadableTargets(cachedBytes);
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value as ModelChoice;
    if (value === 'none' || value === 'demo' || isTargetChoice(value)) void selectModel(value);
  };
  const status = model === 'demo' ? describeDemo(demo) : isTargetChoice(model) ? describePair(pair) : null;
  const state = model === 'demo' ? demo.phase : pair.phase;
  return (
    <div className="model-picker">
      <label htmlFor={id}>Model</label>
      <select id={id} value={model} onChange={onChange} aria-describedby={status ? statusId : undefined}>
        <option value="none">Choose a model…</option>
        <option value="demo">
          {DEMO_MODEL_LABEL} ({DEMO_MODEL_NOTE})
        </option>
        {targets.length > 0 && (
          <optgroup label="Installed models (target; the drafter is set under Drafter)">
            {targets.map((t) => (
              <option key={t.id} value={targetChoice(t.id)}>
                {t.label}
              </option>
            ))}
          </optgroup>
        )}
        {downloadable.length > 0 && (
          <optgroup label="Not downloaded yet (fetched from this site when chosen)">
            {downloadable.map((t) => (
              <option key={t.id} value={targetChoice(t.id)}>
                {t.label}
              </option>
            ))}
          </optgroup>
        )}
        {/* A chosen target that is no longer installed stays visible rather than silently switching. */}
        {isTargetChoice(model) && ![...targets, ...downloadable].some((t) => targetChoice(t.id) === model) && (
          <option value={model}>{model.slice('target:'.length)}</option>
        )}
      </select>
      {status && (
        <span id={statusId} className="model-status" data-testid="model-status" data-state={state}>
          {status}
        </span>
      )}
      {isTargetChoice(model) && pair.phase === 'ready' && (
        <span
          className="model-status"
          data-testid="pair-info"
          data-target-engine={pair.info.target.engine}
          data-drafter-engine={pair.info.drafter?.engine ?? 'none'}
        >
          {pair.info.webllmBuild
            ? `Build ${pair.info.webllmBuild.quantization}: ${pair.info.webllmBuild.reason}. `
            : ''}
          Engines: target — {pair.info.target.engineReason}
          {pair.info.drafter ? `; drafter — ${pair.info.drafter.engineReason}` : ''}.
        </span>
      )}
    </div>
  );
}

function describeDemo(demo: DemoState): string {
  switch (demo.phase) {
    case 'idle':
    case 'loading':
      return 'Loading the demo models…';
    case 'ready':
      return demo.info.drafterEngine === 'llama-webgpu'
        ? `Demo ready: ${demo.info.target.layers}-layer target on the CPU, ${demo.info.drafter.layers}-layer drafter on the GPU (llama-webgpu).`
        : `Demo ready: ${demo.info.target.layers}-layer target, ${demo.info.drafter.layers}-layer drafter, on the CPU.`;
    case 'failed':
      return `The demo models failed to load (${demo.error.name}: ${demo.error.message}).`;
  }
}

function describeModel(model: PairModelInfo): string {
  const shape =
    model.layers > 0 ? `${model.layers} layer${model.layers === 1 ? '' : 's'}, hidden ${model.hiddenSize}, ` : '';
  return `${model.name} on ${model.engine} (${shape}vocabulary ${model.vocabSize})`;
}

function describePair(pair: PairState): string {
  switch (pair.phase) {
    case 'idle':
      return 'Loading the models…';
    case 'loading':
      return `Loading the models… ${pair.progress ? pair.progress.text : ''}`.trim();
    case 'ready': {
      const { target, drafter, loadMs } = pair.info;
      const drafting = drafter ? `drafter ${describeModel(drafter)}` : 'no drafter (autoregressive decoding)';
      return `Ready: target ${describeModel(target)}; ${drafting}. Loaded in ${(loadMs / 1000).toFixed(1)} s.`;
    }
    case 'failed':
      return `The models failed to load (${pair.error.name}: ${pair.error.message}).`;
  }
}
