export { type AdamWMoments, type AdamWScalars, type AdamWStepReport, adamwStep, adamwTensor } from './adamw.ts';
export { clipCoefficient, globalNorm } from './clip.ts';
export {
  cloneSet,
  copyInto,
  fillZero,
  type NamedParameter,
  parameterCount,
  parameterTensors,
  zerosLike,
} from './parameters.ts';
export { learningRateAt } from './schedule.ts';
export {
  defaultSettings,
  PAPER_BATCH_SEQUENCES,
  PAPER_EPOCHS,
  PAPER_WARMUP_RATIO,
  paperSettings,
  validateSettings,
} from './settings.ts';
