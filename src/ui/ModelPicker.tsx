import { useId, type ChangeEvent } from 'react';
import { DEMO_MODEL_LABEL, DEMO_MODEL_NOTE } from '../store/models.ts';
import { useTandem } from '../store/tandem-store.ts';
import type { DemoState, ModelChoice } from '../store/types.ts';

/** Which model translates. The demo says in its own name that it is not a translator. */
export function ModelPicker() {
  const model = useTandem((state) => state.model);
  const demo = useTandem((state) => state.demo);
  const selectModel = useTandem((state) => state.selectModel);
  const id = useId();
  const statusId = useId();
  const onChange = (event: ChangeEvent<HTMLSelectElement>) => {
    const value = event.target.value;
    if (value === 'none' || value === 'demo') void selectModel(value satisfies ModelChoice);
  };
  const status = model === 'demo' ? describeDemo(demo) : null;
  return (
    <div className="model-picker">
      <label htmlFor={id}>Model</label>
      <select id={id} value={model} onChange={onChange} aria-describedby={status ? statusId : undefined}>
        <option value="none">Choose a model…</option>
        <option value="demo">
          {DEMO_MODEL_LABEL} ({DEMO_MODEL_NOTE})
        </option>
      </select>
      {status && (
        <span id={statusId} className="model-status" data-testid="model-status" data-state={demo.phase}>
          {status}
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
      return `Demo ready: ${demo.info.target.layers}-layer target, ${demo.info.drafter.layers}-layer drafter, on the CPU.`;
    case 'failed':
      return `The demo models failed to load (${demo.error.name}: ${demo.error.message}).`;
  }
}
