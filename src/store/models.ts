/** The demo pair as the model picker names it: plainly not a translator. */
export const DEMO_MODEL_LABEL = 'Demo — tiny random models';
export const DEMO_MODEL_NOTE =
  'not a translator: random weights, output is gibberish; shows drafting, verification and the overlay';
