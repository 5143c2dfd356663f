import type { TranslateRequest } from '../protocol/protocol.ts';
import type { LanguageCode } from '../models/prompt.ts';
import type { DraftPolicyConfig } from '../speculative/draft-policy.ts';
import type { SettingsSlice } from './types.ts';

type Settings = Pick<
  SettingsSlice,
  'maxNewTokens' | 'decoding' | 'temperature' | 'topP' | 'draftPolicy' | 'draftLength' | 'drafter' | 'race'
>;

/**
 * The settings as the worker's request. Drafter "none" is plain autoregressive decoding (no
 * drafter at all, not γ = 0 through the speculative loop); race runs both and needs a drafter.
 */
export function buildRequest(settings: Settings, text: string, from: LanguageCode): TranslateRequest {
  const mode = settings.drafter === 'none' ? 'autoregressive' : settings.race ? 'race' : 'speculative';
  return {
    text,
    from,
    to: 'en',
    mode,
    maxNewTokens: settings.maxNewTokens,
    sampling:
      settings.decoding === 'greedy'
        ? { temperature: 0, topP: 1 }
        : { temperature: settings.temperature, topP: settings.topP },
    ...(mode === 'autoregressive' ? {} : { draftPolicy: draftPolicyConfig(settings) }),
  };
}

function draftPolicyConfig(settings: Settings): DraftPolicyConfig {
  switch (settings.draftPolicy) {
    case 'fixed':
      return { kind: 'fixed', draftLength: settings.draftLength };
    case 'heuristic':
      return { kind: 'heuristic' };
    case 'confidence':
      return { kind: 'confidence' };
  }
}
