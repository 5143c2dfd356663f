/**
 * A language's name for people, from its code ("ar" → "Arabic"), by the browser's own
 * Intl.DisplayNames; the code itself only where the browser knows no name for it.
 */
let names: Intl.DisplayNames | null | undefined;

export function languageName(code: string): string {
  names ??= makeNames();
  try {
    const name = names?.of(code);
    return name && name !== code ? name : `the language “${code}”`;
  } catch {
    return `the language “${code}”`; // not a well-formed tag
  }
}

/** In English: the app's words are English. */
function makeNames(): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
  } catch {
    return null;
  }
}
