import type { TandemState } from './types.ts';

export const NO_MODELS_MESSAGE =
  'No translation model is installed yet. Tandem runs models on your GPU; model support is coming.';

/**
 * Why Translate cannot run now, in a short plain sentence, or null when it can. The first
 * obstacle wins: the worker, then models, then the GPU, then the text.
 */
export function selectTranslateBlocker(state: TandemState): string | null {
  const { worker, gpu } = state;
  if (worker.phase === 'starting') return 'The translation worker is starting.';
  if (worker.phase === 'failed') return 'The translation worker failed to start.';
  if (!worker.status.modelsInstalled) return 'No translation model is installed yet.';
  if (gpu.phase === 'probing') return 'Still checking your GPU.';
  if (gpu.phase === 'failed') return 'Checking your GPU failed.';
  if (!gpu.report.available) return 'This browser cannot use your GPU.';
  if (state.sourceText.trim() === '') return 'Type or paste some text to translate.';
  return null;
}

/** True once the worker has said that no translation model is installed. */
export function selectNoModels(state: TandemState): boolean {
  return state.worker.phase === 'ready' && !state.worker.status.modelsInstalled;
}
