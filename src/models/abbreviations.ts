/**
 * Abbreviations that end in a period but rarely end a sentence, per language (lowercase, without
 * the final period; inner periods kept: "z.b", "e.g"). ICU's sentence rules (Intl.Segmenter)
 * break after every one of them, and V8 offers no suppression lists, so Tandem keeps its own.
 * Words that often do end a sentence ("usw.", "etc.", "и т. д.") are left out on purpose: after
 * them only a lowercase continuation keeps the sentence going (see sentences.ts).
 * Single letters ("z.", "M.", "А.") are initials or parts of abbreviations in every language and
 * need no entry.
 */
const BY_LANGUAGE: Record<string, string> = {
  de:
    'inkl exkl ca bzw vgl ggf evtl bspw sog z.b d.h u.a o.ä u.ä nr dr prof hr hrn fr abs bd jh zzgl min mind tel ' +
    'geb gem allg insb mo di mi do sa jan feb apr jun jul aug sep sept okt nov dez st ev kath ehem eigtl bzgl zz zzt',
  en:
    'mr mrs ms dr prof sr jr st vs e.g i.e cf approx fig gen col lt sgt capt rev hon gov sen rep mt vol ch pp dept ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec',
  fr: 'm mm mme mmes mlle mlles dr pr me mgr p.ex ex cf env av bd boul st ste chap éd vol fig janv févr avr juil sept oct nov déc hab tél',
  ru: 'т.е т.к т.ч т.н г гг ул д им проф акад см стр напр вкл пр пер обл р ср рис табл гл св тов',
  es: 'sr sra srta dr dra ud uds p.ej ej av avda núm pág dpto prof lic ing aprox',
  it: 'sig sigg sig.ra dott dott.ssa prof ing avv p.es es pag ca cfr gen',
  pt: 'sr sra srta dr dra prof av p.ex ex pág n.º nº eng aprox gen',
  nl: 'dhr mevr mr dr prof bijv o.a d.w.z m.a.w blz nr ca evt jl vnl',
  pl: 'np m.in tzw dr prof ul godz tj im ks mgr inż nr pt',
  cs: 'např tzv tj dr prof ing mgr ul str resp',
  sv: 't.ex bl.a dvs ca nr dr prof fr.o.m o.d s.k',
};

/** Word endings that mark an abbreviation in a language: German street names ("Hauptstr."). */
const SUFFIXES: Record<string, RegExp> = { de: /str$/ };

/** Languages that write ordinal numbers with a period ("am 3. Mai"): a number then "." rarely ends a sentence. */
const ORDINAL_PERIOD = new Set(['de', 'da', 'no', 'nb', 'fi', 'cs', 'sk', 'sl', 'hr', 'sr', 'hu', 'pl', 'tr', 'is']);

const cache = new Map<string, ReadonlySet<string>>();

/** The abbreviation set for a language tag ("de-CH" → German's); empty for languages without one. */
export function abbreviationsFor(language: string | undefined): ReadonlySet<string> {
  const primary = primaryLanguage(language);
  let set = cache.get(primary);
  if (!set) cache.set(primary, (set = new Set((BY_LANGUAGE[primary] ?? '').split(' ').filter(Boolean))));
  return set;
}

/** Whether `word` (lowercase, no final period) is an abbreviation in this language. */
export function isAbbreviation(word: string, language: string | undefined): boolean {
  return abbreviationsFor(language).has(word) || (SUFFIXES[primaryLanguage(language)]?.test(word) ?? false);
}

export function writesOrdinalsWithPeriod(language: string | undefined): boolean {
  return ORDINAL_PERIOD.has(primaryLanguage(language));
}

function primaryLanguage(language: string | undefined): string {
  return (language ?? '').toLowerCase().split(/[-_]/)[0];
}
