/**
 * Texts the presenter starts with one key (1, 2, 3): German, the demo drafter's source language,
 * from one sentence to several paragraphs (each sentence is its own prompt, so longer texts make
 * more target passes).
 */
export const PRESENTER_TEXTS: readonly { title: string; text: string }[] = [
  { title: 'one sentence', text: 'Guten Morgen, wie geht es dir heute?' },
  {
    title: 'a paragraph',
    text:
      'Die Sonne scheint über der Stadt. Auf dem Markt verkaufen die Bauern frisches Gemüse. ' +
      'Kinder spielen im Park, und ihre Eltern trinken Kaffee.',
  },
  {
    title: 'three paragraphs',
    text:
      'Spekulatives Dekodieren macht große Sprachmodelle schneller. Ein kleines Modell schlägt mehrere Wörter vor.\n\n' +
      'Das große Modell prüft alle Vorschläge in einem einzigen Schritt. Was stimmt, wird übernommen.\n\n' +
      'Wo das kleine Modell irrt, korrigiert das große Modell den Text. Das Ergebnis bleibt genau dasselbe.',
  },
];
