export type { Assessment, Instrument, InstrumentRegistry, ItemRange } from "./instrument.js";
export { assess, instrumentRegistry } from "./instrument.js";
export type { InstrumentDefinition, PamLevel } from "./licensed-instrument.js";
export {
  INSTRUMENT_ID_MAX_LENGTH,
  INSTRUMENT_MAX_ITEMS,
  INSTRUMENT_VERSION_MAX_LENGTH,
  PAM_LEVEL_CUT_POINTS,
  PAM_SCORE_RANGE,
  SCORE_NAME_MAX_LENGTH,
  licensedInstrument,
  pamLevel,
} from "./licensed-instrument.js";
export type { Ons4AnxietyBand, Ons4Band, Ons4Measure, Ons4PositiveBand, Ons4PositiveMeasure } from "./ons4.js";
export { ONS4_ITEM_RANGE, ONS4_MEASURES, ons4, ons4Band } from "./ons4.js";
export { standardInstruments, standardInstrumentsWith } from "./standard-instruments.js";
export type { SwemwbsMetricScorer, SwemwbsOptions } from "./swemwbs.js";
export { SWEMWBS_ITEM_COUNT, SWEMWBS_ITEM_RANGE, SWEMWBS_RAW_RANGE, SWEMWBS_VERSION, swemwbs, swemwbsRawOnly } from "./swemwbs.js";
export { UCLA3_ITEM_COUNT, UCLA3_ITEM_RANGE, UCLA3_LONELY_THRESHOLD, UCLA3_TOTAL_RANGE, isLonely, ucla3 } from "./ucla3.js";
export { WEMWBS_ITEM_COUNT, WEMWBS_ITEM_RANGE, WEMWBS_TOTAL_RANGE, wemwbs } from "./wemwbs.js";
