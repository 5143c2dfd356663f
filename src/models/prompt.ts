import { EmptyPromptError, InvalidArgumentError } from '../errors.ts';

/**
 * The paper's prompt: FastChat's Vicuna v1.1 template around a "Translate X to Y: <src>" turn.
 * The drafters were fine-tuned on text the target wrote under exactly this prompt, so any change
 * here (even a space) lowers the acceptance rate.
 */

/**
 * Each language's English name as the prompt says it. The paper's five (de, fr, ru, ja, zh) have
 * drafters; the others are languages the target reads well enough to translate alone or with the
 * generic drafter (LLaMA's pretraining languages and other widely used ones eld can detect).
 * Written out rather than asked of Intl.DisplayNames: a prompt must not vary with the browser.
 */
export const LANGUAGE_NAMES = {
  de: 'German',
  fr: 'French',
  ru: 'Russian',
  ja: 'Japanese',
  zh: 'Chinese',
  en: 'English',
  ar: 'Arabic',
  bg: 'Bulgarian',
  ca: 'Catalan',
  cs: 'Czech',
  da: 'Danish',
  el: 'Greek',
  es: 'Spanish',
  fi: 'Finnish',
  he: 'Hebrew',
  hi: 'Hindi',
  hr: 'Croatian',
  hu: 'Hungarian',
  it: 'Italian',
  ko: 'Korean',
  nl: 'Dutch',
  no: 'Norwegian',
  pl: 'Polish',
  pt: 'Portuguese',
  ro: 'Romanian',
  sk: 'Slovak',
  sl: 'Slovenian',
  sr: 'Serbian',
  sv: 'Swedish',
  th: 'Thai',
  tr: 'Turkish',
  uk: 'Ukrainian',
  vi: 'Vietnamese',
} as const;

export type LanguageCode = keyof typeof LANGUAGE_NAMES;

export const VICUNA_SYSTEM_PROMPT =
  "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

/** One user turn in Vicuna v1.1 form, ending where the assistant's answer begins. */
export function vicunaPrompt(userTurn: string): string {
  if (userTurn.trim() === '') throw new EmptyPromptError('the user turn is empty');
  return `${VICUNA_SYSTEM_PROMPT} USER: ${userTurn} ASSISTANT:`;
}

export function isLanguageCode(code: string): code is LanguageCode {
  return Object.hasOwn(LANGUAGE_NAMES, code);
}

/**
 * The translation prompt. "Translate German to English: " with a space, as in the paper's
 * fine-tuning data; Spec-Bench turns omit that space and go through vicunaPrompt verbatim.
 * The source is trimmed: a text box's trailing newline would change the tokens the drafter saw.
 */
export function translationPrompt(src: string, from: LanguageCode, to: LanguageCode): string {
  return vicunaPrompt(translationTurn(src, from, to));
}

/** The user turn alone ("Translate German to English: …"): the human turn of the paper's FastChat data. */
export function translationTurn(src: string, from: LanguageCode, to: LanguageCode): string {
  for (const code of [from, to]) {
    if (!isLanguageCode(code)) throw new InvalidArgumentError(`unknown language code "${code}"`);
  }
  const text = src.trim();
  if (text === '') throw new EmptyPromptError('there is no source text to translate');
  return `Translate ${LANGUAGE_NAMES[from]} to ${LANGUAGE_NAMES[to]}: ${text}`;
}
