import { describe, expect, it } from 'vitest';
import { describeRunError } from './run-error.ts';

describe('describeRunError: a failed run in a translator user’s words', () => {
  it('says what happened and what to do, and keeps the technical detail', () => {
    const words = describeRunError({ name: 'RangeError', message: 'simulated' }, false);
    expect(words).toEqual({
      title: 'The translation failed',
      message: 'Something went wrong inside Tandem while translating this text.',
      action: 'Press Translate to try again. If it fails again, reload the page.',
      detail: 'RangeError: simulated',
    });
  });

  it('knows a stopped worker, a lost GPU, a full GPU and a missing model file, also inside a wrapper', () => {
    const message = (name: string, inner?: string) =>
      describeRunError({ name, message: 'm', ...(inner ? { cause: { name: inner, message: 'x' } } : {}) }, false)
        .message;
    expect(message('WorkerCrashedError')).toMatch(/stopped while translating/);
    expect(message('WorkerUnresponsiveError')).toMatch(/stopped while translating/);
    expect(message('DeviceLostError')).toMatch(/GPU was reset/);
    expect(message('GpuOutOfMemoryError')).toBe('Your GPU ran out of memory.');
    expect(describeRunError({ name: 'MlcGpuError', message: 'Out of memory in buffer' }, false).message).toBe(
      'Your GPU ran out of memory.',
    );
    expect(message('TokenizerError', 'ModelFileMissingError')).toMatch(/file of the translation model/);
    expect(message('Error', 'DeviceLostError')).toMatch(/GPU was reset/);
  });

  it('says that what arrived before the failure is kept', () => {
    const words = describeRunError({ name: 'WorkerCrashedError', message: 'gone' }, true);
    expect(words.title).toBe('The translation stopped part-way');
    expect(words.message).toMatch(/What was translated before that is shown above\.$/);
    expect(words.action).toMatch(/^Tandem has restarted it: Press Translate to try again\./);
  });
});
