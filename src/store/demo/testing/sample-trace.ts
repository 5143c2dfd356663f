import { zeroStats } from '../../../speculative/stats.ts';
import type { TranslateEvent, TranslateStep } from '../../../protocol/protocol.ts';
import type { GenerationStats } from '../../../speculative/events.ts';
import { TRACE_FORMAT, TRACE_NOTICE, TRACE_VERSION, type TimedEvent, type Trace } from '../trace-format.ts';

/**
 * A small, self-consistent speculative trace for tests: one pass per [drafted, accepted] pair,
 * each emitting accepted + 1 tokens, 10 ms apart, with running stats as the worker computes them.
 */
export function sampleTrace(
  passes: readonly (readonly [number, number])[] = [
    [0, 0],
    [3, 2],
    [3, 3],
    [4, 1],
  ],
): Trace {
  const events: TimedEvent[] = [];
  let stats = zeroStats();
  let rejections = 0;
  let tokenId = 100;
  passes.forEach(([drafted, accepted], step) => {
    const emitted = Array.from({ length: accepted + 1 }, (_, i) => ({
      id: tokenId++,
      text: ` w${step}.${i}`,
      source:
        i < accepted
          ? ('accepted' as const)
          : drafted === 0
            ? ('target' as const)
            : accepted === drafted
              ? ('bonus' as const)
              : ('correction' as const),
    }));
    if (accepted < drafted) rejections += 1;
    stats = next(stats, drafted, accepted, emitted.length, rejections);
    const event: TranslateStep = {
      type: 'step',
      lane: 'speculative',
      step,
      segment: 0,
      paragraph: 0,
      draftLength: drafted,
      emitted,
      rejected: Array.from({ length: drafted - accepted }, (_, i) => ({ id: 900 + i, text: ` r${i}` })),
      stats,
    };
    events.push({ atMs: 10 * (step + 1), event });
  });
  const text = events.flatMap(({ event }) => (event.type === 'step' ? event.emitted.map((t) => t.text) : [])).join('');
  const end = 10 * passes.length + 1;
  const laneDone: TranslateEvent = {
    type: 'lane-done',
    lane: 'speculative',
    finishReason: 'eos',
    stats,
    tail: '',
    text,
  };
  const done: TranslateEvent = { type: 'done', finishReason: 'eos', stats, tail: '', text, segments: 1 };
  events.push({ atMs: end, event: laneDone }, { atMs: end, event: done });
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    notice: TRACE_NOTICE,
    recordedAt: '2025-01-31T12:00:00.000Z',
    models: {
      target: { name: 'tiny-target', engine: 'llama-cpu' },
      drafter: { name: 'tiny-drafter', engine: 'llama-cpu' },
    },
    adapter: 'no WebGPU adapter (tests)',
    run: {
      mode: 'speculative',
      from: 'de',
      to: 'en',
      sourceText: 'Guten Morgen',
      maxNewTokens: 48,
      draftPolicy: 'heuristic',
      temperature: 0,
      topP: 1,
    },
    events,
  };
}

/** The running stats after one more pass: 2 ms drafting per drafted token, 5 ms verifying, 1 ms else. */
function next(
  s: GenerationStats,
  drafted: number,
  accepted: number,
  emitted: number,
  rejections: number,
): GenerationStats {
  const targetPasses = s.targetPasses + 1;
  const emittedTokens = s.emittedTokens + emitted;
  const draftedTokens = s.draftedTokens + drafted;
  const acceptedTokens = s.acceptedTokens + accepted;
  const draftMs = s.draftMs + 2 * drafted;
  const verifyMs = s.verifyMs + 5;
  const otherMs = s.otherMs + 1;
  const totalMs = draftMs + verifyMs + otherMs;
  const judged = acceptedTokens + rejections;
  return {
    targetPasses,
    emittedTokens,
    draftedTokens,
    acceptedTokens,
    acceptanceRate: judged > 0 ? acceptedTokens / judged : 0,
    draftEfficiency: draftedTokens > 0 ? acceptedTokens / draftedTokens : 0,
    meanTokensPerPass: emittedTokens / targetPasses,
    tokensPerSecond: (emittedTokens * 1000) / totalMs,
    prefillMs: 0,
    draftMs,
    verifyMs,
    otherMs,
    totalMs,
    drafterCalls: s.drafterCalls + (drafted > 0 ? 1 : 0),
  };
}

/**
 * [drafted, accepted] passes for a long trace (benchmarks, the e2e long-task check): a segment's
 * first pass drafts nothing, later ones draft 3–6 and accept a pseudo-random share (a fixed LCG,
 * so every run gets the same trace), until the passes emit at least `tokens` tokens.
 */
export function syntheticPasses(tokens: number, seed = 7): [number, number][] {
  const passes: [number, number][] = [[0, 0]];
  let emitted = 1;
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  while (emitted < tokens) {
    const drafted = 3 + Math.floor(random() * 4);
    let accepted = 0;
    while (accepted < drafted && random() < 0.7) accepted += 1;
    passes.push([drafted, accepted]);
    emitted += accepted + 1;
  }
  return passes;
}
