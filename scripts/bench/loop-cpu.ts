import { loadFixturePair, testPromptTokens } from '../lib/fixture-pair.ts';
import { generateAutoregressive } from '../../src/speculative/autoregressive.ts';
import { createDraftPolicy, type DraftPolicyConfig } from '../../src/speculative/draft-policy.ts';
import type { GenerationStats } from '../../src/speculative/events.ts';
import { generateSpeculative } from '../../src/speculative/speculative.ts';
import { fixed, printTable } from './table.ts';

const PER_LANGUAGE = 2;
const NEW_TOKENS = 48;
const POLICIES: DraftPolicyConfig[] = [
  { kind: 'fixed', draftLength: 3 },
  { kind: 'fixed', draftLength: 5 },
  { kind: 'heuristic' },
  { kind: 'confidence' },
];

interface Row {
  method: string;
  tokensPerSecond: number[];
  alpha: number[];
  tau: number[];
  draftShare: number[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The CPU reference engine on the fixture pair: autoregressive vs every draft-length policy on
 * the same prompts (Tandem's test prompts, 2 per language), speedup as the paper computes it (mean per-sample
 * tokens/s over that of autoregressive decoding).
 */
export async function benchCpuEngine(): Promise<void> {
  const pair = await loadFixturePair();
  const prompts = testPromptTokens(pair.tokenizer, PER_LANGUAGE);
  console.log(
    `(b) CPU reference engine, fixture pair (target ${pair.target.config.numLayers} layers, drafter ${pair.drafter.config.numLayers}), ${prompts.length} test prompts, ${NEW_TOKENS} new tokens, greedy`,
  );
  const rows: Row[] = [{ method: 'autoregressive', tokensPerSecond: [], alpha: [], tau: [], draftShare: [] }];
  for (const policy of POLICIES)
    rows.push({ method: createDraftPolicy(policy).name, tokensPerSecond: [], alpha: [], tau: [], draftShare: [] });
  const record = (row: Row, stats: GenerationStats) => {
    row.tokensPerSecond.push(stats.tokensPerSecond);
    row.alpha.push(stats.acceptanceRate);
    row.tau.push(stats.meanTokensPerPass);
    row.draftShare.push(stats.draftMs / stats.totalMs);
  };
  const stop = { maxNewTokens: NEW_TOKENS, eosTokenIds: [pair.tokenizer.eosId] };
  for (const prompt of prompts) {
    const ar = await generateAutoregressive(pair.target, prompt.tokens, stop);
    record(rows[0], ar.stats);
    for (const [i, policy] of POLICIES.entries()) {
      const spec = await generateSpeculative(pair.target, pair.drafter, prompt.tokens, {
        ...stop,
        policy: createDraftPolicy(policy),
      });
      if (spec.tokens.join() !== ar.tokens.join())
        throw new Error(`${prompt.id}: speculative output differs from autoregressive`);
      record(rows[i + 1], spec.stats);
    }
  }
  const baseline = rows[0].tokensPerSecond;
  printTable(
    ['method', 'tokens/s', 'speedup', 'α', 'τ', 'draft time'],
    rows.map((row) => [
      row.method,
      fixed(mean(row.tokensPerSecond), 1),
      `${fixed(mean(row.tokensPerSecond) / mean(baseline))}x`,
      row === rows[0] ? '-' : fixed(mean(row.alpha), 3),
      fixed(mean(row.tau)),
      `${fixed(100 * mean(row.draftShare), 0)}%`,
    ]),
  );
}
