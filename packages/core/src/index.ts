// The public API of @linkwork/core, one named export at a time.

// Errors
export { formatPath, validationFailed, fieldInvalid } from "./errors.js";
export type { DomainError, DomainErrorCode, FieldIssue, PolicyRule } from "./errors.js";

// Identifiers and time
export { OpaqueId, Instant, CalendarDate, DAY_MS } from "./identifiers.js";

// Events: vocabularies, schemas, catalogue, streams, upcasting
export {
  ReferralSource,
  medicalReferralSources,
  NeedCategory,
  NationalNeed,
  SupportCategory,
  NationalSupport,
  StrengthCategory,
  RejectionReason,
  DeclineReason,
  ContactChannel,
  ConversationMode,
  ConnectionMode,
  ConnectionOutcome,
  UnmetNeedReason,
  GoalProgress,
  AssessmentTimepoint,
  ClosureReason,
  HealthcareSetting,
  ReferrerOutcomeStatus,
} from "./events/vocabulary.js";
export { EventMetadata } from "./events/envelope.js";
export { CaseEvent, Consent, Goal, ReferralReceivedV1 } from "./case/events.js";
export type { CaseEventType } from "./case/events.js";
export { PersonUsageEvent } from "./person-usage/events.js";
export { ReferenceEvent } from "./reference-data/events.js";
export { LinkworkEvent, eventCatalogue, eventTypes, isEventType, currentSchemaVersion, compiledEventSchema } from "./events/catalogue.js";
export type { EventType, EventOf } from "./events/catalogue.js";
export {
  StreamId,
  StreamCategory,
  caseStream,
  personStream,
  pcnStream,
  linkWorkerStream,
  streamCategory,
  streamEntityId,
} from "./events/streams.js";
export { parseEvent, upcasters } from "./events/upcasting.js";
export type { Upcaster } from "./events/upcasting.js";

// Commands
export {
  CaseCommand,
  ReceiveReferral,
  AcceptReferral,
  RejectReferral,
  DeclineSocialPrescribing,
  RecordContactAttempt,
  HoldConversation,
  AssessWellbeing,
  AgreePlan,
  RevisePlan,
  RecordGoalProgress,
  MakeConnection,
  RecordConnectionOutcome,
  RecordUnmetNeed,
  ScheduleFollowUp,
  CompleteFollowUp,
  SendFeedbackToReferrer,
  ReassignLinkWorker,
  CloseCase,
} from "./case/commands.js";
export type { CaseCommandInput, CaseCommandType } from "./case/commands.js";
export { eventIdFor } from "./decider/event-identity.js";
export type { CommandOrigin } from "./decider/event-identity.js";

// The case decider
export { decideCase, decideCaseCommand, parseCaseCommand } from "./case/decide.js";
export { evolveCase } from "./case/evolve.js";
export { initialCaseState, finalStages } from "./case/state.js";
export type { CaseState, CaseStage, PlannedGoal, CaseConnection, ScheduledFollowUp } from "./case/state.js";
export { SchemePolicy, schemePolicy, openSchemePolicy, gpOnlySchemePolicy } from "./case/policy.js";
export type { SchemePolicyInput } from "./case/policy.js";
export { caseDecider } from "./case/decider.js";
export type { Decider } from "./decider/decider.js";

// Person usage and reference data
export { PersonUsageCommand, RecordHealthcareUsage, EnrolInComparisonCohort } from "./person-usage/commands.js";
export { personUsageDecider } from "./person-usage/decider.js";
export { decidePersonUsage } from "./person-usage/decide.js";
export { evolvePersonUsage } from "./person-usage/evolve.js";
export { initialPersonUsageState } from "./person-usage/state.js";
export type { PersonUsageState } from "./person-usage/state.js";
export { ReferenceCommand, RecordPcnListSize, RegisterLinkWorker, ChangeLinkWorkerFte, RecordLinkWorkerLeft } from "./reference-data/commands.js";
export { referenceDataDecider } from "./reference-data/decider.js";
export { decideReference } from "./reference-data/decide.js";
export { evolveReference } from "./reference-data/evolve.js";
export { initialReferenceState } from "./reference-data/state.js";
export type { ReferenceState } from "./reference-data/state.js";

// Instruments and coding
export { assess, instrumentRegistry } from "./instruments/instrument.js";
export type { Instrument, InstrumentRegistry, ItemRange, Assessment } from "./instruments/instrument.js";
export { standardInstruments, standardInstrumentsWith } from "./instruments/standard-instruments.js";
export { snomed } from "./coding/snomed.js";
export type { SnomedCode } from "./coding/snomed.js";

// Storage port and command handling
export type {
  EventStore,
  ExpectedVersion,
  StreamVersion,
  GlobalPosition,
  RecordedEvent,
  AppendResult,
  EventFilter,
  ReadStreamOptions,
  ReadAllOptions,
  ReadAllPage,
  SubscribeOptions,
  SubscriptionMessage,
  EventSubscription,
} from "./store/event-store.js";
export { defaultReadAllPageSize, defaultSubscriptionBatchSize } from "./store/event-store.js";
export type { Checkpoint, CheckpointStore } from "./store/checkpoint-store.js";
export type { StoreError, StoreErrorCode } from "./store/store-error.js";
export { invalidStoreCall, concurrencyConflict } from "./store/store-error.js";
export {
  categoryOfType,
  checkStreamId,
  isExpectedVersion,
  checkEvent,
  eventIdFingerprint,
  repeatedEventId,
  checkOptions,
  checkVersion,
  checkCount,
  checkPosition,
  eventMatch,
  checkProjectionName,
  checkCheckpointExpected,
  checkCheckpoint,
} from "./store/store-call.js";
export type { EventMatch } from "./store/store-call.js";
export { commandHandler } from "./store/command-handler.js";
export type { CommandHandler, CommandHandlerOptions, HandleError, Handled } from "./store/command-handler.js";
export { linkwork, commandTypes } from "./store/linkwork-handler.js";
export type { Linkwork, LinkworkOptions } from "./store/linkwork-handler.js";

// History files
export { HistoryLineEnvelope, parseHistoryLine, formatHistoryLine, DEFAULT_MAX_LINE_BYTES } from "./history/history-line.js";
export type { HistoryLine, ParseHistoryLineOptions } from "./history/history-line.js";
export { historyProblemCodes, formatHistoryProblem } from "./history/history-problem.js";
export type { HistoryProblem, HistoryProblemCode } from "./history/history-problem.js";
export { historySourceLines, HISTORY_CHUNK_BYTES } from "./history/history-source.js";
export type { HistorySource, HistorySourceLines } from "./history/history-source.js";
export { exportHistory, writeHistoryFile, HistoryExportError } from "./history/export-history.js";
export type { HistoryExportOptions, HistoryExportFailure, WrittenHistory } from "./history/export-history.js";
export { importHistory } from "./history/import-history.js";
export type { ImportHistoryOptions, ImportProgress, ImportReport, HistoryImportFailure } from "./history/import-history.js";
