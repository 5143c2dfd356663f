/**
 * Language tags as the spec handles them (writing-assistance-apis "Language tags"; translation-api
 * "compute translator options availability"): each tag must be structurally valid (else RangeError)
 * and is canonicalized (CanonicalizeUnicodeLocaleId, i.e. Intl.getCanonicalLocales); a tag is then
 * matched to a supported one by LookupMatchingLocaleByBestFit, which turns "de-CH" into "de".
 */

/** WebIDL's DOMString conversion: ToString, which throws TypeError for a Symbol (String() would not). */
export function domString(value: unknown): string {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(value);
}

/** WebIDL DOMString conversion, then validate and canonicalize (RangeError when not a BCP 47 tag). */
export function canonicalTag(value: unknown): string {
  const tag = domString(value);
  const [canonical] = Intl.getCanonicalLocales(tag); // RangeError for an invalid tag
  if (canonical === undefined) throw new RangeError(`"${tag}" is not a valid language tag`);
  return canonical;
}

/**
 * ECMA-402's Lookup matcher (BestAvailableLocale), which the spec allows for "best fit": drop the
 * Unicode extensions, then cut subtags from the end until one of `available` matches; undefined if
 * none does. A single-letter subtag (an extension or private-use marker) is cut with what follows.
 */
export function bestFit(available: readonly string[], requested: string): string | undefined {
  let candidate = requested.replace(/-u(?:-[a-z0-9]{2,8})+/gi, '');
  const lower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  for (;;) {
    const hit = lower.get(candidate.toLowerCase());
    if (hit !== undefined) return hit;
    let cut = candidate.lastIndexOf('-');
    if (cut < 0) return undefined;
    if (cut >= 2 && candidate[cut - 2] === '-') cut -= 2;
    candidate = candidate.slice(0, cut);
  }
}
