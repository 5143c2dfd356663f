import * as v from 'valibot';
import { TRACE_FORMAT, TRACE_VERSION } from './trace-format.ts';

/**
 * The shape of a trace file, checked with valibot (a small, tree-shaking schema library): every
 * field a replay reads, with its type and range. Unknown keys are dropped. What the shape cannot
 * say (event order, running totals) trace-consistency.ts checks next.
 */

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const milliseconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const ratio = v.pipe(v.number(), v.finite(), v.minValue(0));

const stats = v.object({
  targetPasses: count,
  emittedTokens: count,
  draftedTokens: count,
  acceptedTokens: count,
  acceptanceRate: v.pipe(ratio, v.maxValue(1)),
  draftEfficiency: v.pipe(ratio, v.maxValue(1)),
  meanTokensPerPass: ratio,
  tokensPerSecond: ratio,
  prefillMs: milliseconds,
  draftMs: milliseconds,
  verifyMs: milliseconds,
  otherMs: milliseconds,
  totalMs: milliseconds,
  drafterCalls: count,
});

const lane = v.picklist(['speculative', 'autoregressive']);
const finishReason = v.picklist(['eos', 'max-tokens', 'stop-string', 'aborted']);

const streamedToken = v.object({
  id: count,
  text: v.string(),
  source: v.picklist(['accepted', 'correction', 'bonus', 'target']),
  before: v.optional(v.string()),
});

const rejectedToken = v.object({ id: count, text: v.string() });

const step = v.object({
  type: v.literal('step'),
  lane,
  step: count,
  segment: count,
  paragraph: count,
  draftLength: count,
  emitted: v.array(streamedToken),
  rejected: v.array(rejectedToken),
  stats,
});

const laneDone = v.object({
  type: v.literal('lane-done'),
  lane,
  finishReason,
  stats,
  tail: v.string(),
  text: v.string(),
});

const done = v.object({
  type: v.literal('done'),
  finishReason,
  stats,
  tail: v.string(),
  text: v.string(),
  segments: count,
  race: v.optional(v.object({ autoregressive: stats, speculative: stats, speedup: ratio })),
});

const model = v.object({ name: v.string(), engine: v.nullable(v.string()) });

export const traceSchema = v.object({
  format: v.literal(TRACE_FORMAT),
  version: v.literal(TRACE_VERSION),
  notice: v.string(),
  recordedAt: v.pipe(v.string(), v.isoTimestamp()),
  models: v.object({ target: model, drafter: v.nullable(model) }),
  adapter: v.string(),
  run: v.object({
    mode: v.picklist(['speculative', 'autoregressive', 'race']),
    from: v.string(),
    to: v.string(),
    sourceText: v.string(),
    maxNewTokens: v.nullable(count),
    draftPolicy: v.nullable(v.string()),
    temperature: ratio,
    topP: v.pipe(ratio, v.maxValue(1)),
  }),
  events: v.pipe(
    v.array(v.object({ atMs: milliseconds, event: v.variant('type', [step, laneDone, done]) })),
    v.minLength(1, 'a trace has at least one event (its "done")'),
  ),
});
