import { DEMO_MODEL_LABEL } from './models.ts';
import type { TandemState } from './types.ts';

export const NO_MODELS_MESSAGE =
  `No translation model is installed yet. To see how Tandem drafts and verifies, pick “${DEMO_MODEL_LABEL}” ` +
  'under Model (random weights, so its output is gibberish). Installing real models is coming.';

/**
 * Why Translate cannot run now, in a short plain sentence, or null when it can. The first
 * obstacle wins: the worker, a run in flight, the model, then the text. The GPU is not checked:
 * the only model so far (the demo) runs on the CPU reference engine.
 */
export function selectTranslateBlocker(state: TandemState): string | null {
  const { worker, demo } = state;
  if (worker.phase === 'starting') return 'The translation worker is starting.';
  if (worker.phase === 'failed') return 'The translation worker failed to start.';
  if (state.run === 'running' || state.run === 'stopping') return 'A translation is running: stop it first.';
  if (state.model === 'none') return 'No model is chosen: pick the demo under Model.';
  if (demo.phase === 'loading' || demo.phase === 'idle') return 'The demo models are loading.';
  if (demo.phase === 'failed') return 'The demo models failed to load.';
  if (state.sourceText.trim() === '') return 'Type or paste some text to translate.';
  return null;
}

/** True once the worker has said that no translation model is installed and none is chosen. */
export function selectNoModels(state: TandemState): boolean {
  return state.worker.phase === 'ready' && !state.worker.status.modelsInstalled && state.model === 'none';
}

export function selectIsRunning(state: TandemState): boolean {
  return state.run === 'running' || state.run === 'stopping';
}
