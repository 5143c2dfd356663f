import { seededRng } from '../../src/speculative/rng.ts';

/**
 * Deterministic German sentences for the forge's benchmark and e2e test: subject, verb, object,
 * place and time drawn from small word lists, so a few hundred distinct, plainly German sentences
 * exist without shipping a corpus. (The fixture models are random weights: what they learn is the
 * target's behaviour on these token sequences, not German.)
 */
const SUBJECTS = [
  'Der Lehrer',
  'Die Ärztin',
  'Mein Bruder',
  'Unsere Nachbarin',
  'Das Kind',
  'Der Bürgermeister',
  'Die Studentin',
  'Ein alter Mann',
];
const VERBS = ['liest', 'kauft', 'sucht', 'findet', 'bringt', 'verkauft', 'repariert', 'malt'];
const OBJECTS = [
  'ein Buch',
  'den Schlüssel',
  'eine Zeitung',
  'das Fahrrad',
  'einen Brief',
  'die Lampe',
  'ein Geschenk',
  'den Kuchen',
];
const PLACES = ['im Garten', 'in der Küche', 'am Bahnhof', 'auf dem Markt', 'in der Schule', 'vor dem Rathaus'];
const TIMES = ['heute Morgen', 'am Abend', 'jeden Sonntag', 'nach der Arbeit', 'im Winter', 'gestern'];

export function germanSentences(count: number, seed = 16): string[] {
  const rng = seededRng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (let tries = 0; sentences.length < count && tries < count * 50; tries++) {
    const sentence = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(TIMES)} ${pick(OBJECTS)} ${pick(PLACES)}.`;
    if (!seen.has(sentence)) {
      seen.add(sentence);
      sentences.push(sentence);
    }
  }
  return sentences;
}
