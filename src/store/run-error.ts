import { errorChain } from './error-info.ts';
import type { ErrorInfo } from './types.ts';

/**
 * A failed run in a translator user's words: what happened, what to do, and the technical detail
 * for a bug report. Matched by error class names (they survive the worker boundary), never by the
 * words of a message, except for the GPU's own "out of memory".
 */
export interface RunErrorWords {
  title: string;
  message: string;
  action: string;
  detail: string;
}

interface Case {
  names: readonly string[];
  message: string;
  action: string;
}

const RETRY = 'Press Translate to try again.';

const CASES: readonly Case[] = [
  {
    names: ['WorkerUnresponsiveError', 'WorkerCrashedError'],
    message:
      'The part of Tandem that runs the models stopped while translating (the browser may have run short of memory).',
    action: `Tandem has restarted it: ${RETRY} If it keeps happening, close other tabs and reload the page.`,
  },
  {
    names: ['DeviceLostError'],
    message: 'The GPU was reset while translating (by its driver, or by another program).',
    action: `Tandem has restarted its engines: ${RETRY}`,
  },
  {
    names: ['GpuOutOfMemoryError', 'GPUOutOfMemoryError'],
    message: 'Your GPU ran out of memory.',
    action: `Close other tabs and programs that use the GPU, then ${lowerFirst(RETRY)}`,
  },
  {
    names: ['ModelFileMissingError', 'TokenizerError', 'WeightFileError', 'ModelConfigError'],
    message: 'A file of the translation model could not be read.',
    action: 'Under Models, download the model again (this needs a network connection), then press Translate.',
  },
  {
    names: ['QuotaExceededError'],
    message: 'The text is too long to translate at once.',
    action: 'Translate it in parts.',
  },
  {
    names: ['InvalidArgumentError', 'EmptyPromptError'],
    message: 'Tandem cannot translate this text with these settings.',
    action: 'Check Max new tokens under Settings, or shorten the text, then press Translate.',
  },
];

const UNKNOWN: Case = {
  names: [],
  message: 'Something went wrong inside Tandem while translating this text.',
  action: `${RETRY} If it fails again, reload the page.`,
};

/** The words for a run's error; `partial`: some of the translation arrived before it. */
export function describeRunError(error: ErrorInfo, partial: boolean): RunErrorWords {
  const names = errorChain(error).map((e) => e.name);
  const outOfMemory = errorChain(error).some((e) => /out of memory/i.test(e.message));
  const found =
    (outOfMemory ? CASES.find((c) => c.names.includes('GpuOutOfMemoryError')) : undefined) ??
    CASES.find((c) => c.names.some((name) => names.includes(name))) ??
    UNKNOWN;
  return {
    title: partial ? 'The translation stopped part-way' : 'The translation failed',
    message: partial ? `${found.message} What was translated before that is shown above.` : found.message,
    action: found.action,
    detail: `${error.name}: ${error.message}`,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
