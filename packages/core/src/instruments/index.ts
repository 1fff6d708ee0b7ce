// The public API of @linkwork/core/instruments: the outcome instruments the core ships and what a
// deployment needs to add its own or licensed ones (docs/instruments.md). The root holds only the
// registry, `assess` and the standard instruments; the rest is here to keep the root small.

export type {
  /** A scored assessment. */
  Assessment,
  /** An outcome instrument: its items, ranges and scoring. */
  Instrument,
  /** Instruments by id. */
  InstrumentRegistry,
  /** The range of one item's answers. */
  ItemRange,
} from "./instrument.js";
export {
  /** Scores a completed instrument, or says which answer is out of range. */
  assess,
  /** A registry of instruments by id. */
  instrumentRegistry,
} from "./instrument.js";
export type {
  /** What a deployment writes to add an instrument it is licensed to use. */
  InstrumentDefinition,
  /** A PAM-13 activation level, 1 to 4. */
  PamLevel,
} from "./licensed-instrument.js";
export {
  /** Instrument ids are at most this long. */
  INSTRUMENT_ID_MAX_LENGTH,
  /** An assessment has at most this many items. */
  INSTRUMENT_MAX_ITEMS,
  /** Instrument versions are at most this long. */
  INSTRUMENT_VERSION_MAX_LENGTH,
  /** The published PAM-13 level cut points. */
  PAM_LEVEL_CUT_POINTS,
  /** The range of the PAM-13 activation score. */
  PAM_SCORE_RANGE,
  /** Score names are at most this long. */
  SCORE_NAME_MAX_LENGTH,
  /** Checks a deployment's instrument definition and makes an Instrument of it, or says what is wrong. */
  licensedInstrument,
  /** The PAM-13 activation level of a score, or undefined outside 0-100. */
  pamLevel,
} from "./licensed-instrument.js";
export type {
  /** An ONS4 band of either direction. */
  Ons4Band,
  /** ONS bands for anxiety (higher is worse). */
  Ons4AnxietyBand,
  /** One of the four ONS4 measures. */
  Ons4Measure,
  /** ONS bands for the measures where higher is better. */
  Ons4PositiveBand,
  /** The ONS4 measures where higher is better. */
  Ons4PositiveMeasure,
} from "./ons4.js";
export {
  /** The range of every ONS4 item. */
  ONS4_ITEM_RANGE,
  /** The four ONS4 measures, in answer order. */
  ONS4_MEASURES,
  /** ONS4: the ONS personal wellbeing questions. */
  ons4,
  /** The ONS threshold band of one ONS4 measure's value. */
  ons4Band,
} from "./ons4.js";
export {
  /** The instruments free to use (ONS4, WEMWBS, SWEMWBS raw, UCLA-3). */
  standardInstruments,
  /** The standard instruments plus a scheme's own or licensed ones. */
  standardInstrumentsWith,
} from "./standard-instruments.js";
export type {
  /** The licensed SWEMWBS raw-to-metric conversion a deployment supplies. */
  SwemwbsMetricScorer,
  /** The options of `swemwbs`: an optional metric scorer. */
  SwemwbsOptions,
} from "./swemwbs.js";
export {
  /** SWEMWBS has this many items. */
  SWEMWBS_ITEM_COUNT,
  /** The range of every SWEMWBS item. */
  SWEMWBS_ITEM_RANGE,
  /** The range of the SWEMWBS raw score. */
  SWEMWBS_RAW_RANGE,
  /** The version of the raw SWEMWBS scoring. */
  SWEMWBS_VERSION,
  /** A SWEMWBS instrument: raw only, or raw and metric with a licensed scorer. */
  swemwbs,
  /** SWEMWBS scoring raw only, as in the standard registry. */
  swemwbsRawOnly,
} from "./swemwbs.js";
export {
  /** UCLA-3 has this many items. */
  UCLA3_ITEM_COUNT,
  /** The range of every UCLA-3 item. */
  UCLA3_ITEM_RANGE,
  /** A UCLA-3 total at or above this is read as lonely. */
  UCLA3_LONELY_THRESHOLD,
  /** The range of the UCLA-3 total. */
  UCLA3_TOTAL_RANGE,
  /** Whether a UCLA-3 total reaches the lonely threshold. */
  isLonely,
  /** UCLA-3: the three-item UCLA loneliness scale. */
  ucla3,
} from "./ucla3.js";
export {
  /** WEMWBS has this many items. */
  WEMWBS_ITEM_COUNT,
  /** The range of every WEMWBS item. */
  WEMWBS_ITEM_RANGE,
  /** The range of the WEMWBS total. */
  WEMWBS_TOTAL_RANGE,
  /** WEMWBS: the Warwick-Edinburgh Mental Wellbeing Scale. */
  wemwbs,
} from "./wemwbs.js";
