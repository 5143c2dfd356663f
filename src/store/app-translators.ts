import type { TandemWorkerApi, TranslateRequest } from '../protocol/protocol.ts';
import { Translator, type TandemModelId } from '../translator-api/index.ts';

/**
 * The app translates through the same Translator API a third party uses (src/translator-api/),
 * on the app's own worker: one way in. Translators are kept per language pair and model, so
 * each Translate costs one worker status check, not a create().
 */
export class AppTranslators {
  readonly #api: TandemWorkerApi;
  readonly #made = new Map<string, Promise<Translator>>();

  constructor(api: TandemWorkerApi) {
    this.#api = api;
  }

  /** The translator for this request's languages and model (the demo, or the request's pair). */
  for(request: TranslateRequest): Promise<Translator> {
    const model: TandemModelId = request.pair ? { target: request.pair.target, drafter: request.pair.drafter } : 'demo';
    const key = `${request.from}>${request.to}|${model === 'demo' ? 'demo' : `${model.target}+${model.drafter ?? ''}`}`;
    let made = this.#made.get(key);
    if (!made) {
      made = Translator.create({
        sourceLanguage: request.from,
        targetLanguage: request.to,
        tandem: { client: this.#api, model },
      });
      this.#made.set(key, made);
      made.catch(() => this.#made.delete(key)); // a failed create is retried next time
    }
    return made;
  }
}

/**
 * The engine's own error behind the API's wrapper: the API reports engine failures as the spec's
 * UnknownError / OperationError with the original as `cause`, and the app's notices (out of GPU
 * memory, not downloaded while offline…) are keyed on the engine's error names.
 */
export function engineError(error: unknown): unknown {
  const wrapped = error instanceof DOMException && (error.name === 'UnknownError' || error.name === 'OperationError');
  const cause = wrapped ? (error as { cause?: unknown }).cause : undefined;
  return cause instanceof Error ? cause : error;
}
