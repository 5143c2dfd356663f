import { MAX_INPUT_CHARACTERS } from '../protocol/protocol.ts';
import type { UserModel } from '../models/storage/user-models.ts';
import { installedTargets } from './installed-targets.ts';
import { describeUnusable, type DetectableLanguage } from '../models/detect-language.ts';
import { drafterFor, type DrafterEntry } from '../models/registry/drafters.ts';
import { DEMO_MODEL_LABEL } from './models.ts';
import type { OutputToken, TandemState } from './types.ts';

export const NO_MODELS_MESSAGE =
  'No translation model is installed yet. Add one under Models (import a folder, or add a folder by its URL), ' +
  `or pick “${DEMO_MODEL_LABEL}” under Model to see how Tandem drafts and verifies (random weights, so its output is gibberish).`;

/**
 * Why Translate cannot run now, in a short plain sentence, or null when it can. The first
 * obstacle wins: the worker, the model, the text, then the language. A run in flight is no
 * obstacle: a new request queues behind it. The GPU is not checked here: the worker picks engines
 * for the GPU it has, and its errors get their own notices.
 */
export function selectTranslateBlocker(state: WithInstalled): string | null {
  const { worker, demo } = state;
  if (worker.phase === 'starting') return 'The translation worker is starting.';
  if (worker.phase === 'failed') return 'The translation worker failed to start.';
  if (state.model === 'none') {
    return selectInstalledTargetCount(state) > 0
      ? 'No model is chosen: pick one under Model.'
      : 'No model is chosen: pick the demo under Model.';
  }
  if (state.model === 'demo') {
    if (demo.phase === 'loading' || demo.phase === 'idle') return 'The demo models are loading.';
    if (demo.phase === 'failed') return 'The demo models failed to load.';
  } else {
    // A real pair (model 'target:<id>'), loaded in the worker with the drafter setting's drafter.
    if (state.pair.phase === 'loading' || state.pair.phase === 'idle') return 'The models are loading.';
    if (state.pair.phase === 'failed') return 'The models failed to load.';
  }
  if (state.sourceText.trim() === '') return 'Type or paste some text to translate.';
  if (state.sourceText.length > MAX_INPUT_CHARACTERS) {
    // The Translator API's input quota: one call may hold the single worker only so long.
    const count = (n: number) => n.toLocaleString('en');
    return `The text is too long to translate at once: ${count(state.sourceText.length)} characters, at most ${count(MAX_INPUT_CHARACTERS)}. Translate it in parts.`;
  }
  return selectLanguageProblem(state);
}

/** With "Detect language": why the detection cannot pick a source language, else null. */
export function selectLanguageProblem(state: TandemState): string | null {
  if (state.sourceLanguage !== 'auto') return null;
  const { detection } = state;
  if (detection.phase === 'failed' && detection.text === state.sourceText) {
    return `Language detection failed (${detection.error.message}): pick the language under From.`;
  }
  if (detection.phase !== 'done' || detection.text !== state.sourceText) return null; // not known yet
  return describeUnusable(detection.result);
}

/** The source language a translation would use now: the user's pick, else the detected one. */
export function selectResolvedSource(state: TandemState): DetectableLanguage | null {
  if (state.sourceLanguage !== 'auto') return state.sourceLanguage;
  const { detection } = state;
  if (detection.phase !== 'done' || detection.text !== state.sourceText) return null;
  return detection.result.kind === 'supported' ? detection.result.language : null;
}

/** The registry's drafter for the resolved source language; null with drafter "none" or while
 *  the language is not known yet (detection pending, or it found no supported language). */
export function selectDrafterEntry(state: TandemState): DrafterEntry | null {
  const source = selectResolvedSource(state);
  if (state.drafter === 'none' || source === null) return null;
  return drafterFor(source);
}

/** True once the worker has said that no translation model is installed and none is chosen. */
/** What the model manager knows is stored on this device (absent in stores without that slice). */
export type WithInstalled = TandemState &
  Partial<{ userModels: readonly UserModel[]; cachedBytes: Readonly<Record<string, number>> }>;

/**
 * Nothing to translate with yet: no model chosen and no target installed. The page knows what is
 * installed (imported models live in its localStorage, sizes in the model manager), the worker not.
 */
export function selectNoModels(state: WithInstalled): boolean {
  return state.worker.phase === 'ready' && state.model === 'none' && selectInstalledTargetCount(state) === 0;
}

export function selectInstalledTargetCount(state: WithInstalled): number {
  return installedTargets(state.userModels ?? [], state.cachedBytes ?? {}).length;
}

export function selectIsRunning(state: TandemState): boolean {
  return state.run === 'running' || state.run === 'stopping';
}

/**
 * The output as plain text, with its layout: each token's `before` (sentence and paragraph
 * breaks) then its text, then the tail the decoder held back. Rejected drafts are not output.
 */
export function outputText(tokens: readonly Pick<OutputToken, 'before' | 'text'>[], tail: string): string {
  let text = '';
  for (const token of tokens) text += token.before + token.text;
  return text + tail;
}

/** The speculative (main) output as plain text: what Copy puts on the clipboard. */
export function selectOutputText(state: TandemState): string {
  return outputText(state.tokens, state.tail);
}
