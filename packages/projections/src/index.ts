// The public API of @linkwork/projections, one named export at a time: what an embedder uses to run
// read models and ask them for reports. The statistics are in @linkwork/projections/statistics.

// Projections
export type {
  Projection, // a read model: name, version, initial state, apply, snapshot codec
  StateCodec, // how a read model's state is saved to and restored from a snapshot
  HistoryFacts, // what the history up to a snapshot holds (registered codes, erased people), for checkRestored
} from "./projection.js";

// Runner
export {
  startProjectionRunner, // runs read models over a source, with checkpoints and snapshots
} from "./runner/projection-runner.js";
export type {
  AnyProjection, // a projection of any state, as the runner takes them
  ErrorPolicy, // what the runner does when apply throws: stop or skip
  ProjectionRunner, // a running runner: status, states, stop
  ProjectionRunnerOptions, // the runner's settings
  RunnerPhase, // catching up, live, stopped or failed
  RunnerStatus, // what status() reports
} from "./runner/projection-runner.js";
export {
  readAllSource, // read a store from the start, once
  subscriptionSource, // read a store from the start, then follow it live
  historyFileSource, // read an NDJSON history file
} from "./runner/projection-source.js";
export type {
  ErasureSource, // the key store's erasure count, so a resumed runner rebuilds read models after an erasure
} from "./runner/checker-checkpoint.js";
export type {
  ProjectionSource, // where the runner reads events from
  ProjectionSourceKind, // "read-all", "subscription" or "history-file"
} from "./runner/projection-source.js";

// Partitioned replay: split a history by person, replay the partitions apart, merge the states (docs/projections.md)
export {
  startParallelFileReplay, // replays a history file in worker threads, one partition each, and merges
  MAX_REPLAY_WORKERS, // the most workers a parallel replay takes
} from "./parallel/parallel-file-replay.js";
export type {
  ParallelFileReplay, // a running parallel replay: its end and the merged states
  ParallelFileReplayOptions, // the file, the workers, the read models and how workers build them
  ParallelReplayError, // a runner's error, or a worker's
  WorkerFailed, // a worker thread ended without a result
} from "./parallel/parallel-file-replay.js";
export type { ProjectionsBuilder } from "./parallel/partition-worker-messages.js"; // the module and function a worker builds its read models with
export { personPartitioner, hashedPartition } from "./parallel/person-partitions.js"; // routes events by person; the default person hash
export type { PersonPartitioner, PartitionRoute } from "./parallel/person-partitions.js"; // a partitioner; one partition or every one
export { partitionReplay, mergePartitions } from "./parallel/partition-replay.js"; // one partition's replay; merge of partitions' states
export type { PartitionReplay } from "./parallel/partition-replay.js"; // a partition's replay in progress
export { partitionProjection } from "./parallel/partition-consumer.js"; // one partition of a set of read models as one projection, for a consumer process
export type { PartitionOf, PartitionState } from "./parallel/partition-consumer.js"; // which partition a consumer holds; its state
export { mergeStoredPartitions } from "./parallel/stored-partitions.js"; // merges the partitions' states from their consumers' checkpoints
export type { StoredPartitions, StoredPartitionsError } from "./parallel/stored-partitions.js"; // the merged states; why they could not be merged
export { mergeableReadModels } from "./parallel/mergeable-read-models.js"; // every read model's merge and clock, by name
export type { Mergeable, AnyMergeable } from "./parallel/mergeable-read-models.js"; // a read model's merge and clock; of any state
export {
  checkpointName, // the checkpoint a projection's position is saved under (to inspect or reset it)
} from "./runner/projection-lane.js";
export type {
  CatchUpError, // why catching up failed
  EventFailure, // one event apply refused, as recorded under "skip"
  RunnerError, // a runner failure, typed by code
  RunnerErrorCode, // the codes of RunnerError
} from "./runner/runner-error.js";

// Shared report settings
export {
  RetentionDays, // days an ended case's detail is kept (a read-model setting), or "all"
} from "./read-models/shared/retention.js";
export {
  AsOfOptions, // report options: the instant a report describes
  PeriodOptions, // report options: a period from `from` to `asOf`
} from "./read-models/shared/report-period.js";
export type {
  CalendarMonth, // a UTC month written YYYY-MM, as report rows name months
} from "./read-models/shared/calendar-month.js";

// Caseload
export {
  caseloadProjection, // the caseload read model
  caseloadOpenCases, // report: every open case as of an instant
  caseloadByLinkWorker, // report: open cases per link worker
  caseloadByPcn, // report: open cases per PCN
  caseloadStages, // the stages an open case can be at, in order
  CaseloadSettings, // the caseload read model's settings
} from "./read-models/caseload/index.js";
export type {
  CaseloadSettingsInput, // settings as written, defaults optional
  CaseloadState, // the folded state
  CaseloadStage, // one of caseloadStages
  CaseloadFigures, // the figures of a caseload row
  CaseloadReport, // a caseload report and its rows
  OpenCaseRow, // one open case
  LinkWorkerCaseloadRow, // one link worker's caseload
  LinkWorkerEmployment, // in post, left or not registered
  PcnCaseloadRow, // one PCN's caseload
} from "./read-models/caseload/index.js";

// Demand reduction
export {
  demandReductionProjection, // the demand-reduction read model
  demandReductionReport, // report: healthcare use before and after the index date, with DiD
  demandReductionCodec, // its snapshot codec, for embedders saving state themselves
  DemandReductionProjectionSettings, // the read model's settings (they shape the state)
  // The default of `maxWindowMonths`: an embedder building the read model for the windows its
  // reports will ask for (as the CLI does) raises it from this.
  DEFAULT_MAX_WINDOW_MONTHS,
  DemandReductionSettings, // the report's settings
  IndexDateChoice, // which step is a person's index date: referral, acceptance or first contact
  completedClosureReasons, // the closure reasons that count an episode as completed
  windowDays, // the days of a window of so many months, as the report's `days` counts them
} from "./read-models/demand-reduction/index.js";
export type {
  DemandReductionState, // the folded state
  DemandReductionProjectionSettingsInput, // read-model settings as written
  DemandReductionSettingsInput, // report settings as written
  DemandReductionReport, // the report
  DemandReductionWindow, // one window length's results
  DemandReductionAnalysis, // one group's statistics in one window
  CohortWindowResult, // a cohort's coverage and analyses in one window
  WindowCoverage, // who was counted in a window, and who apart
  NoComparisonCohort, // why there is no DiD estimate
  MatchedComparison, // one window's matched pairs: balance, paired DiD and its pre-trend check
  PreTrendCheck, // the estimator on windows ending before the index date, with a verdict
  DemandReductionContext, // what a demand-reduction report may be given besides its settings
  StaggeredDesign, // practices started against those not yet started, by calendar quarter
  NoStaggeredStart, // why there is no staggered design
} from "./read-models/demand-reduction/index.js";

// Outcomes
export {
  outcomesProjection, // the outcomes read model
  outcomesReport, // report: score changes per instrument
  outcomesCodec, // its snapshot codec, for embedders saving state themselves
  OutcomesSettings, // the report's settings
  OutcomesProjectionSettings, // the read model's settings
  ScoreDirection, // whether a higher score is better or worse
  standardScoreDirections, // the directions of the standard instruments' scores
} from "./read-models/outcomes/index.js";
export type {
  OutcomesState, // the folded state
  OutcomesSettingsInput, // report settings as written
  OutcomesProjectionSettingsInput, // read-model settings as written
  OutcomesReport, // the report
  InstrumentOutcomes, // one instrument's results
  ScoreChange, // one score's change, with its interval
  Proportion, // a count out of a total
} from "./read-models/outcomes/index.js";

// Capacity
export {
  capacityProjection, // the capacity read model
  capacityByMonth, // report: per PCN and month
  capacityForecast, // report: when demand overtakes capacity
  capacityByYear, // report: per PCN and (financial) year
  CapacitySettings, // the read model's settings
} from "./read-models/capacity/index.js";
export type {
  CapacitySettingsInput, // settings as written
  CapacityState, // the folded state
  CapacityFoldedMonth, // what folded cases left in a month
  CapacityFoldedPcn, // what folded cases left for a PCN
  CapacityMonthRow, // one PCN month
  CapacityReport, // the by-month report
  CapacityYearRow, // one PCN year
  CapacityYearReport, // the by-year report
  CapacityForecastRow, // one PCN's forecast
  CapacityForecastReport, // the forecast report
  DemandOutlook, // the forecast's verdict
  ReferralTrend, // the referral trend a forecast extends
  ReferralRateBand, // referrals below, within or above the incentive band
} from "./read-models/capacity/index.js";

// Referral sources
export {
  referralSourcesProjection, // the referral-sources read model
  referralSourceMix, // report: the mix of referral routes
  ReferralSourceSettings, // the read model's settings
  ReferralSourceOptions, // the report's options
} from "./read-models/referral-sources/index.js";
export type {
  ReferralSourceSettingsInput, // settings as written
  ReferralSourceState, // the folded state
  ReferralFigures, // the figures of a route
  ReferralSourceRow, // one route
  ReferralSourceReport, // the report
  SnomedCount, // referrals per SNOMED code
} from "./read-models/referral-sources/index.js";

// GP record outbox
export {
  gpRecordOutboxProjection, // the gp-record-outbox read model
  gpRecordOutbox, // query: the entries not yet acknowledged, oldest first
  gpRecordOutboxSummary, // report: those entries counted by practice, kind and sharing
  GpRecordOutboxSettings, // the read model's settings
  GpRecordOutboxOptions, // the query's options
} from "./read-models/gp-record-outbox/index.js";
export type {
  GpRecordOutboxSettingsInput, // settings as written
  GpRecordOutboxState, // the cases with entries to send
  GpRecordOutbox, // the query's answer
  GpRecordOutboxEntry, // one entry to write to a GP system
  GpRecordOutboxSummary, // the entries waiting, counted
  GpRecordOutboxSummaryRow, // one practice, kind and sharing
} from "./read-models/gp-record-outbox/index.js";

// Unmet needs
export {
  unmetNeedsProjection, // the unmet-needs read model
  unmetNeedsByMonth, // report: unmet needs per month, PCN, need and reason
  unmetNeedGaps, // report: the map of gaps
  UnmetNeedSettings, // the read model's settings
} from "./read-models/unmet-needs/index.js";
export type {
  UnmetNeedSettingsInput, // settings as written
  UnmetNeedState, // the folded state
  UnmetNeedMonthRow, // one month, PCN, need and reason
  UnmetNeedGapRow, // one gap
  UnmetNeedErasedRow, // an erased person's unmet needs in one month and PCN
  UnmetNeedReport, // a report and its rows
} from "./read-models/unmet-needs/index.js";

// Community demand
export {
  communityDemandProjection, // the community-demand read model
  communityDemandByProvider, // report: per provider
  communityDemandByProviderMonth, // report: per provider and month
  CommunityDemandSettings, // the read model's settings
  CommunityDemandOptions, // the reports' options
  outcomesSoFar, // the outcomes a connection can have so far, in report order
  providerStatusesSoFar, // where a connection can stand with its provider, in report order
} from "./read-models/community-demand/index.js";
export type {
  CommunityDemandSettingsInput, // settings as written
  CommunityDemandState, // the folded state
  CommunityDemandReport, // a report and its rows
  OutcomeSoFar, // one of outcomesSoFar
  ProviderStatusSoFar, // one of providerStatusesSoFar
  ProviderDemandFigures, // what a provider absorbed
  ProviderDemandRow, // one provider
  ProviderMonthDemandRow, // one provider and month
} from "./read-models/community-demand/index.js";

// Equity
export {
  equityProjection, // the equity read model
  equityReport, // report: reach and results by each equity field's groups
  equityLookupFromRegister, // an equity lookup from a person register
  equityPeople, // the pseudonyms an equity report needs looked up
  equityFields, // the fields a report splits by, in order
  groupsOf, // a field's groups, in order
  EquitySettings, // the read model's settings
  EquityReportOptions, // the report's options
} from "./read-models/equity/index.js";
export type {
  EquitySettingsInput, // settings as written
  EquityState, // the state
  EquityLookup, // pseudonym -> equity fields (the register's, joined at report time)
  EquityField, // one of equityFields
  EstimateInterval, // a rate or mean with its interval
  EquityGroupRow, // one group of one field
  EquityReport, // the report
  GroupDemandChange, // a group's change in GP use
} from "./read-models/equity/index.js";
// Funding
export {
  fundingProjection, // the funding read model
  fundingReport, // report: per provider, month and need, and providers with demand but no funding
  FundingSettings, // the read model's settings
  FundingOptions, // the report's options
} from "./read-models/funding/index.js";
export type {
  FundingSettingsInput, // settings as written
  FundingState, // the state
  FundingFigures, // what a provider absorbed and was paid
  FundingReport, // the report
  ProviderFundingRow, // one provider
  ProviderMonthFundingRow, // one provider and month
  ProviderNeedFundingRow, // one provider and need
} from "./read-models/funding/index.js";
