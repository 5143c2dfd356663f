/**
 * Time budgets: one global deadline for the whole run (the kit must finish inside its GPU lease),
 * and per section a share of the total, so that a slow section cannot starve the ones after it.
 * Sections call `check()` between steps; a step is short on a GPU, so a section stops within one
 * step of its budget, and keeps what it measured.
 */

export class OutOfTime extends Error {
  constructor(readonly what: string) {
    super(`${what} ran out of time`);
    this.name = 'OutOfTime';
  }
}

export class Deadline {
  readonly endMs: number;

  constructor(
    readonly totalMs: number,
    readonly startMs: number = Date.now(),
    private readonly now: () => number = Date.now,
  ) {
    this.endMs = startMs + totalMs;
  }

  remainingMs(): number {
    return this.endMs - this.now();
  }

  elapsedS(): number {
    return (this.now() - this.startMs) / 1000;
  }

  /** A clock for one section: at most `share` of the total, never past the global deadline. */
  section(name: string, share: number): SectionClock {
    const end = Math.min(this.endMs, this.now() + share * this.totalMs);
    return new SectionClock(name, end, this.now);
  }
}

export class SectionClock {
  private readonly startMs: number;

  constructor(
    readonly name: string,
    readonly endMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startMs = now();
  }

  remainingMs(): number {
    return this.endMs - this.now();
  }

  elapsedS(): number {
    return (this.now() - this.startMs) / 1000;
  }

  /** Throws OutOfTime when the budget is spent; `need` ms: also when less than that is left. */
  check(need = 0): void {
    if (this.remainingMs() <= need) throw new OutOfTime(this.name);
  }
}
