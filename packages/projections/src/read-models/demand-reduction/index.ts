// The demand-reduction read model: healthcare use before and after each person's index date.
export { demandReductionProjection } from "./projection.js";
export { demandReductionCodec } from "./snapshot.js";
export { demandReductionReport, type DemandReductionContext } from "./queries.js";
export type { MatchedComparison } from "./matched-comparison.js";
export type { PreTrendCheck } from "./pre-trend.js";
export type { StaggeredDesign, NoStaggeredStart } from "./staggered-design.js";
export {
  DemandReductionProjectionSettings,
  DEFAULT_MAX_WINDOW_MONTHS,
  DemandReductionSettings,
  completedClosureReasons,
} from "./settings.js";
export type { DemandReductionProjectionSettingsInput, DemandReductionSettingsInput } from "./settings.js";
export type { DemandReductionState } from "./state.js";
export type {
  DemandReductionReport,
  DemandReductionWindow,
  DemandReductionAnalysis,
  CohortWindowResult,
  WindowCoverage,
  NoComparisonCohort,
} from "./reports.js";
export { windowDays } from "./usage-window.js";
export { IndexDateChoice } from "./index-case.js";
