import { describe, expect, it } from 'vitest';
import { persistence, requestPersistence, storageEstimate } from './storage-estimate.ts';
import { progressReport } from './progress.ts';

function fakeStorage(granted: boolean) {
  let persisted = false;
  return {
    estimate: async () => ({ usage: 5_000_000, quota: 100_000_000 }),
    persisted: async () => persisted,
    persist: async () => (persisted = granted),
  };
}

describe('navigator.storage wrappers', () => {
  it('reads the estimate', async () => {
    expect(await storageEstimate(fakeStorage(true))).toEqual({ usage: 5_000_000, quota: 100_000_000 });
    expect(await storageEstimate(undefined)).toBeNull();
  });

  it('asks for persistence and reports what the browser decided', async () => {
    const granting = fakeStorage(true);
    expect(await persistence(granting)).toBe('not-persisted');
    expect(await requestPersistence(granting)).toBe('persisted');
    expect(await persistence(granting)).toBe('persisted');
    expect(await requestPersistence(fakeStorage(false))).toBe('not-persisted');
    expect(await requestPersistence(undefined)).toBe('unsupported');
  });
});

describe('progressReport', () => {
  it('computes percent, speed and time left, and clamps percent at 100', () => {
    expect(progressReport(500, 1000, 1000)).toEqual({
      bytes: 500,
      totalBytes: 1000,
      percent: 50,
      bytesPerSecond: 500,
      secondsLeft: 1,
    });
    expect(progressReport(1100, 1000, 1000).percent).toBe(100);
    expect(progressReport(10, null, 0)).toEqual({
      bytes: 10,
      totalBytes: null,
      percent: null,
      bytesPerSecond: 0,
      secondsLeft: null,
    });
  });
});
