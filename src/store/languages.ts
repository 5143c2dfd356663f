/** Source languages the paper's drafters cover (arXiv 2406.16758), plus automatic detection. */
export const SOURCE_LANGUAGES = [
  { code: 'auto', label: 'Detect language' },
  { code: 'de', label: 'German' },
  { code: 'fr', label: 'French' },
  { code: 'ru', label: 'Russian' },
  { code: 'ja', label: 'Japanese' },
  { code: 'zh', label: 'Chinese' },
] as const;

export type SourceLanguage = (typeof SOURCE_LANGUAGES)[number]['code'];

/** The only target for now: the target model and drafters translate into English. */
export const TARGET_LANGUAGE = { code: 'en', label: 'English' } as const;

export function isSourceLanguage(code: string): code is SourceLanguage {
  return SOURCE_LANGUAGES.some((language) => language.code === code);
}
