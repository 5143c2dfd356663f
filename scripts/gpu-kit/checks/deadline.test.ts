import { describe, expect, it } from 'vitest';
import { Deadline, OutOfTime } from './deadline.ts';

describe('Deadline and SectionClock', () => {
  it('gives a section its share of the total, cut at the global deadline', () => {
    let now = 1000;
    const deadline = new Deadline(100_000, now, () => now);
    const first = deadline.section('first', 0.3);
    expect(first.remainingMs()).toBe(30_000);
    now += 80_000;
    const late = deadline.section('late', 0.5);
    expect(late.remainingMs()).toBe(20_000); // the global deadline comes first
    expect(deadline.elapsedS()).toBe(80);
  });

  it('throws OutOfTime naming the section once its budget is spent, or when less than `need` is left', () => {
    let now = 0;
    const clock = new Deadline(10_000, now, () => now).section('parity', 0.5);
    expect(() => clock.check()).not.toThrow();
    now = 4_000;
    expect(() => clock.check(2_000)).toThrow(OutOfTime);
    now = 5_000;
    expect(() => clock.check()).toThrow(/parity ran out of time/);
  });
});
