import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../errors.ts';
import { learningRateAt } from './schedule.ts';
import { defaultSettings, paperSettings, validateSettings } from './settings.ts';

describe('learningRateAt', () => {
  const base = defaultSettings(110, { learningRate: 1, warmupSteps: 10, minLearningRateRatio: 0.1 });

  it('rises linearly during warm-up and reaches the peak at its last step', () => {
    expect(learningRateAt(base, 1)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(base, 5)).toBeCloseTo(0.5, 12);
    expect(learningRateAt(base, 10)).toBe(1);
  });

  it('decays by a half cosine to the floor at totalSteps and stays there', () => {
    expect(learningRateAt(base, 60)).toBeCloseTo(0.1 + 0.9 * 0.5, 12); // halfway: cos(π/2) = 0
    expect(learningRateAt(base, 110)).toBeCloseTo(0.1, 12);
    expect(learningRateAt(base, 500)).toBeCloseTo(0.1, 12);
  });

  it('decays linearly when asked', () => {
    const linear = { ...base, schedule: 'linear' as const };
    expect(learningRateAt(linear, 35)).toBeCloseTo(1 - 0.9 * 0.25, 12);
    expect(learningRateAt(linear, 110)).toBeCloseTo(0.1, 12);
  });

  it('holds the peak after warm-up when constant, and never warms up with 0 warm-up steps', () => {
    const constant = { ...base, schedule: 'constant' as const, warmupSteps: 0 };
    expect(learningRateAt(constant, 1)).toBe(1);
    expect(learningRateAt(constant, 1000)).toBe(1);
  });

  it('is monotone non-increasing after warm-up (cosine)', () => {
    for (let step = 11; step < 120; step++) {
      expect(learningRateAt(base, step + 1)).toBeLessThanOrEqual(learningRateAt(base, step));
    }
  });

  it('refuses step 0 and fractional steps', () => {
    expect(() => learningRateAt(base, 0)).toThrow(InvalidArgumentError);
    expect(() => learningRateAt(base, 1.5)).toThrow(/integer ≥ 1/);
  });
});

describe('optimizer settings', () => {
  it("paperSettings is the paper's recipe: 2e-5, cosine to 0, 3 % warm-up, no decay", () => {
    const s = paperSettings(1000);
    expect(s).toMatchObject({ learningRate: 2e-5, schedule: 'cosine', minLearningRateRatio: 0, weightDecay: 0 });
    expect(s.warmupSteps).toBe(30);
    expect(paperSettings(10).warmupSteps).toBe(1);
  });

  it('refuses settings out of range, naming the setting', () => {
    expect(() => validateSettings({ ...paperSettings(10), beta2: 1 })).toThrow(/beta2/);
    expect(() => validateSettings({ ...paperSettings(10), warmupSteps: 11 })).toThrow(/warmupSteps/);
    expect(() => validateSettings({ ...paperSettings(10), clipNorm: 0 })).toThrow(/clipNorm/);
    expect(() => validateSettings({ ...paperSettings(10), learningRate: Number.NaN })).toThrow(/learningRate/);
  });
});
