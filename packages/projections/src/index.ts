// The public API of @linkwork/projections, one named export at a time.

// Projections
export type { Projection, StateCodec } from "./projection.js";

// Runner
export { startProjectionRunner, maxRecordedFailures, checkpointTimeShare } from "./runner/projection-runner.js";
export type {
  AnyProjection,
  ErrorPolicy,
  ProjectionRunner,
  ProjectionRunnerOptions,
  RunnerPhase,
  RunnerStatus,
} from "./runner/projection-runner.js";
export { readAllSource, subscriptionSource, historyFileSource } from "./runner/projection-source.js";
export type { ProjectionSource, ProjectionSourceKind } from "./runner/projection-source.js";
export { checkpointName } from "./runner/projection-lane.js";
export type { CatchUpError, EventFailure, RunnerError, RunnerErrorCode } from "./runner/runner-error.js";

// Statistics
export {
  bootstrapInterval,
  bootstrapMeanInterval,
  bootstrapPercentChange,
  bootstrapStratifiedInterval,
  DEFAULT_CONFIDENCE,
  DEFAULT_RESAMPLES,
  differenceInDifferences,
  summariseChange,
  beforeAfterMeans,
  percentChangeOfMeans,
  createSeededRandom,
  MIN_SEED,
  MAX_SEED,
  normalQuantile,
  insufficientData,
  isInsufficientData,
  MINIMUM_OBSERVATIONS,
} from "./statistics/index.js";
export type {
  BeforeAfter,
  BeforeAfterMeans,
  BootstrapEstimate,
  BootstrapOptions,
  BootstrapResult,
  ChangeSummary,
  ChangeSummaryResult,
  DifferenceInDifferences,
  DifferenceInDifferencesResult,
  DifferenceInDifferencesBootstrapInterval,
  DifferenceInDifferencesNormalInterval,
  GroupChange,
  InsufficientData,
  InsufficientDataReason,
  SeededRandom,
  Statistic,
  Strata,
} from "./statistics/index.js";

// Read models
export { RetentionDays, DEFAULT_RETENTION_DAYS } from "./read-models/retention.js";
export type { Retention } from "./read-models/retention.js";
export {
  caseloadProjection,
  caseloadOpenCases,
  caseloadByLinkWorker,
  caseloadByPcn,
  caseloadStages,
  CaseloadSettings,
} from "./read-models/caseload.js";
export type {
  CaseloadSettingsInput,
  CaseloadState,
  CaseloadStage,
  CaseloadFigures,
  CaseloadReport,
  OpenCaseRow,
  LinkWorkerCaseloadRow,
  LinkWorkerEmployment,
  PcnCaseloadRow,
} from "./read-models/caseload.js";
export {
  demandReductionProjection,
  demandReductionReport,
  demandReductionCodec,
  DemandReductionProjectionSettings,
  DEFAULT_MAX_WINDOW_MONTHS,
  DemandReductionSettings,
  IndexDateChoice,
  completedClosureReasons,
  DEFAULT_FREQUENT_ATTENDER_THRESHOLD,
  FREQUENT_ATTENDER_MONTHS,
} from "./read-models/demand-reduction.js";
export type {
  DemandReductionState,
  DemandReductionProjectionSettingsInput,
  DemandReductionSettingsInput,
  DemandReductionReport,
  DemandReductionWindow,
  DemandReductionAnalysis,
  CohortWindowResult,
  WindowCoverage,
  NoComparisonCohort,
} from "./read-models/demand-reduction.js";
export { windowDays, DAYS_PER_MONTH } from "./read-models/usage-window.js";
export { outcomesProjection, outcomesReport, outcomesCodec, OutcomesSettings, OutcomesProjectionSettings } from "./read-models/outcomes.js";
export type {
  OutcomesState,
  OutcomesSettingsInput,
  OutcomesProjectionSettingsInput,
  OutcomesReport,
  InstrumentOutcomes,
  ScoreChange,
  Proportion,
} from "./read-models/outcomes.js";
export { ScoreDirection, standardScoreDirections } from "./read-models/score-direction.js";
export { DEFAULT_REPORT_SEED, ReportBootstrap } from "./read-models/report-bootstrap.js";

export { capacityProjection, capacityByMonth, capacityForecast, CapacitySettings, MINIMUM_TREND_MONTHS } from "./read-models/capacity.js";
export type {
  CapacitySettingsInput,
  CapacityState,
  CapacityMonthRow,
  CapacityReport,
  CapacityForecastRow,
  CapacityForecastReport,
  CapacityFoldedMonth,
  CapacityFoldedPcn,
  DemandOutlook,
  ReferralTrend,
  ReferralRateBand,
} from "./read-models/capacity.js";
export {
  referralSourcesProjection,
  referralSourceMix,
  ReferralSourceSettings,
  ReferralSourceOptions,
} from "./read-models/referral-sources.js";
export type {
  ReferralSourceSettingsInput,
  ReferralSourceState,
  ReferralFigures,
  ReferralSourceRow,
  ReferralSourceReport,
  SnomedCount,
} from "./read-models/referral-sources.js";
export { unmetNeedsProjection, unmetNeedsByMonth, unmetNeedGaps, UnmetNeedSettings } from "./read-models/unmet-needs.js";
export type {
  UnmetNeedSettingsInput,
  UnmetNeedState,
  UnmetNeedMonthRow,
  UnmetNeedGapRow,
  UnmetNeedReport,
} from "./read-models/unmet-needs.js";
export {
  communityDemandProjection,
  communityDemandByProvider,
  communityDemandByProviderMonth,
  CommunityDemandSettings,
  CommunityDemandOptions,
  outcomesSoFar,
} from "./read-models/community-demand.js";
export type {
  CommunityDemandSettingsInput,
  CommunityDemandState,
  CommunityDemandReport,
  OutcomeSoFar,
  ProviderDemandFigures,
  ProviderDemandRow,
  ProviderMonthDemandRow,
} from "./read-models/community-demand.js";
export { AsOfOptions, PeriodOptions } from "./read-models/report-period.js";
export type { CalendarMonth } from "./read-models/calendar-month.js";
