import type { GenerationStats } from './events.ts';

/** Accumulates the counters and times a generation reports. */
export class StatsRecorder {
  private targetPasses = 0;
  private emitted = 0;
  private drafted = 0;
  private accepted = 0;
  private rejections = 0;
  private drafterCalls = 0;
  private prefillMs = 0;
  private draftMs = 0;
  private verifyMs = 0;
  private readonly startedAt: number;

  constructor(private readonly now: () => number) {
    this.startedAt = now();
  }

  recordPrefill(ms: number): void {
    this.prefillMs += ms;
  }

  recordStep(step: {
    drafted: number;
    accepted: number;
    emitted: number;
    draftMs: number;
    verifyMs: number;
    drafterCalls: number;
  }): void {
    this.targetPasses += 1;
    this.drafted += step.drafted;
    this.accepted += step.accepted;
    if (step.accepted < step.drafted) this.rejections += 1;
    this.emitted += step.emitted;
    this.draftMs += step.draftMs;
    this.verifyMs += step.verifyMs;
    this.drafterCalls += step.drafterCalls;
  }

  snapshot(): GenerationStats {
    const totalMs = this.now() - this.startedAt;
    const judged = this.accepted + this.rejections;
    return {
      targetPasses: this.targetPasses,
      emittedTokens: this.emitted,
      draftedTokens: this.drafted,
      acceptedTokens: this.accepted,
      acceptanceRate: judged > 0 ? this.accepted / judged : 0,
      draftEfficiency: this.drafted > 0 ? this.accepted / this.drafted : 0,
      meanTokensPerPass: this.targetPasses > 0 ? this.emitted / this.targetPasses : 0,
      tokensPerSecond: totalMs > 0 ? (this.emitted * 1000) / totalMs : 0,
      prefillMs: this.prefillMs,
      draftMs: this.draftMs,
      verifyMs: this.verifyMs,
      otherMs: Math.max(0, totalMs - this.prefillMs - this.draftMs - this.verifyMs),
      totalMs,
      drafterCalls: this.drafterCalls,
    };
  }
}

/** The stats of a run that has done nothing yet (a trace's starting point). */
export function zeroStats(): GenerationStats {
  return {
    targetPasses: 0,
    emittedTokens: 0,
    draftedTokens: 0,
    acceptedTokens: 0,
    acceptanceRate: 0,
    draftEfficiency: 0,
    meanTokensPerPass: 0,
    tokensPerSecond: 0,
    prefillMs: 0,
    draftMs: 0,
    verifyMs: 0,
    otherMs: 0,
    totalMs: 0,
    drafterCalls: 0,
  };
}
