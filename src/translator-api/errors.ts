/**
 * The exceptions the Translator and Language Detector APIs surface, by the names the spec gives
 * (webmachinelearning/translation-api index.bs §2.6, §3.6; writing-assistance-apis index.bs
 * "Errors", "Creation"): real DOMExceptions, so `e instanceof DOMException && e.name === …` works
 * as it does with Chrome's built-in objects.
 */

export type ApiErrorName =
  | 'NotSupportedError'
  | 'AbortError'
  | 'InvalidStateError'
  | 'NetworkError'
  | 'OperationError'
  | 'UnknownError';

export function domError(name: ApiErrorName, message: string, cause?: unknown): DOMException {
  const error = new DOMException(message, name);
  // DOMException's constructor takes no cause; keep the engine's error for whoever debugs it.
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}

/** What the spec calls QuotaExceededError (whatpr.org/webidl/1465): a DOMException with `requested`
 *  and `quota`. Chrome ≥ 140 has the constructor; elsewhere a DOMException named so, with both fields. */
export type QuotaExceededLike = DOMException & { readonly requested: number; readonly quota: number };

export function quotaExceeded(requested: number, quota: number): QuotaExceededLike {
  const message = `The input needs ${requested} of input quota, more than the ${quota} available.`;
  const Native = (
    globalThis as {
      QuotaExceededError?: new (message: string, options: { requested: number; quota: number }) => QuotaExceededLike;
    }
  ).QuotaExceededError;
  if (typeof Native === 'function') return new Native(message, { requested, quota });
  const error = new DOMException(message, 'QuotaExceededError');
  Object.defineProperties(error, { requested: { value: requested }, quota: { value: quota } });
  return error as QuotaExceededLike;
}

/** A failure of Tandem's engines, as the spec's catch-all ("UnknownError"), keeping the original. */
export function asUnknownError(error: unknown): unknown {
  if (error instanceof DOMException) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return domError('UnknownError', `Translation failed: ${message}`, error);
}

/**
 * A run that fails after it translated something keeps that text: the error gets `partialText`
 * (translateStreaming() has already delivered it as chunks). Nothing is added when there is none.
 */
export function withPartialText(error: unknown, text: string): unknown {
  if (text === '' || error === null || typeof error !== 'object') return error;
  Object.defineProperty(error, 'partialText', { value: text, configurable: true, enumerable: true });
  if (error instanceof DOMException) {
    const note = ` (${text.length} characters were translated before the failure: see the error's partialText)`;
    return Object.defineProperty(error, 'message', { value: error.message + note, configurable: true });
  }
  return error;
}
