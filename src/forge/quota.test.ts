import { describe, expect, it } from 'vitest';
import { parseLlamaConfig } from '../llama/config.ts';
import { ForgeQuotaError } from './errors.ts';
import { checkQuota, forgeStorageNeed, parameterCount } from './quota.ts';

// vicuna-68m's shape (double7/vicuna-68m config.json): 2 layers, hidden 768, FFN 3072, 32 000 tokens.
const vicuna68m = parseLlamaConfig(
  {
    model_type: 'llama',
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 2,
    num_attention_heads: 12,
    vocab_size: 32000,
    rms_norm_eps: 1e-6,
    max_position_embeddings: 2048,
  },
  'vicuna-68m',
);

describe('storage needed by a forge job', () => {
  it('counts vicuna-68m as 68M parameters', () => {
    expect(parameterCount(vicuna68m)).toBe(68_030_208);
  });

  it('refuses before starting when the quota is too small, saying how much is needed', () => {
    const need = forgeStorageNeed({ sentences: 1000, maxNewTokens: 1024, drafter: vicuna68m });
    expect(need.checkpoint).toBe(24 * 68_030_208);
    expect(() => checkQuota(need, { usage: 0, quota: 500e6 })).toThrow(ForgeQuotaError);
    expect(() => checkQuota(need, { usage: 0, quota: 500e6 })).toThrow(
      /needs about 1918 MB \(data set 13 MB, checkpoints 1633 MB, the new drafter 272 MB\) and the browser allows 500 MB more/,
    );
    expect(() => checkQuota(need, { usage: 1e9, quota: 10e9 })).not.toThrow();
    expect(() => checkQuota(need, null)).not.toThrow();
  });
});
