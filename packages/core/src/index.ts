// The public API of @linkwork/core for an embedding service: events, commands, deciders, policy, the
// command handler, history files and errors, one named export at a time. Store authors find their
// helpers, and source authors the history reader and checker, in `@linkwork/core/store-kit`; the
// national code lists are in `@linkwork/core/vocabulary`; test support is in `@linkwork/core/testing`.

// Errors
export type {
  /** Everything the domain can refuse, as a tagged union with stable codes. */
  DomainError,
  /** The code of a DomainError. */
  DomainErrorCode,
  /** One problem found by a schema, with the path of the offending field. */
  FieldIssue,
  /** The scheme rules a command can break (POLICY_VIOLATION). */
  PolicyRule,
} from "./errors.js";
export {
  /** Renders a zod issue path the way people read it: `data.items[2]`. */
  formatPath,
  /** A VALIDATION_FAILED error from a zod error. */
  validationFailed,
  /** A VALIDATION_FAILED error for one field. */
  fieldInvalid,
} from "./errors.js";

// Identifiers and time
export {
  /** An opaque identifier (never a name, NHS number or contact detail). */
  OpaqueId,
  /** An ISO 8601 UTC instant with `Z`. */
  Instant,
  /** An ISO 8601 calendar date (YYYY-MM-DD). */
  CalendarDate,
  /** Milliseconds in a UTC day. */
  DAY_MS,
} from "./identifiers.js";

// Events: schemas, catalogue, parsing
export {
  /** The metadata every event carries (ids, occurredAt, recordedBy, correlation, causation). */
  EventMetadata,
} from "./events/envelope.js";
export {
  /** Any case event at its current schema version. */
  CaseEvent,
  /** What the person agreed to, recorded with the referral; ConsentGiven / ConsentWithdrawn change it. */
  Consent,
  /** What consent covers: contact, sharing the outcome with the referrer, evaluation. */
  ConsentPurpose,
  /** A goal of the personalised plan. */
  Goal,
} from "./case/events.js";
export type {
  /** The type of a case event. */
  CaseEventType,
} from "./case/events.js";
export {
  /** Any event of a person's usage stream. */
  PersonUsageEvent,
} from "./person-usage/events.js";
export {
  /** Any reference-data event (PCN list sizes and composition, link workers, local codes, service starts). */
  ReferenceEvent,
} from "./reference-data/events.js";
export {
  /** Any event of any stream, at its current schema version. */
  LinkworkEvent,
  /** Every event type with its current schema and stream category. */
  eventCatalogue,
  /** Every event type. */
  eventTypes,
} from "./events/catalogue.js";
export type {
  /** An event type name. */
  EventType,
  /** The event of one type, e.g. `EventOf<"PlanAgreed">`. */
  EventOf,
} from "./events/catalogue.js";
export {
  /** Validates an event of any known type and version and lifts it to the current version. */
  parseEvent,
} from "./events/upcasting.js";

// Streams
export {
  /** The stream of a case. */
  caseStream,
  /** The usage stream of a person. */
  personStream,
  /** The reference stream of a PCN. */
  pcnStream,
  /** The reference stream of a link worker. */
  linkWorkerStream,
  /** The category of a stream id (the part before the first hyphen). */
  streamCategory,
  /** The id inside a stream id (after the first hyphen). */
  streamEntityId,
} from "./events/streams.js";

// Commands
export {
  /** Any case command (validated, defaults filled in). */
  CaseCommand,
} from "./case/commands.js";
export type {
  /** A case command as callers write it (defaulted fields optional). */
  CaseCommandInput,
  /** The type of a case command. */
  CaseCommandType,
} from "./case/commands.js";
export {
  /** Any command on a person's usage stream. */
  PersonUsageCommand,
} from "./person-usage/commands.js";
export {
  /** Any reference-data command. */
  ReferenceCommand,
} from "./reference-data/commands.js";
export {
  /** The event id a command's n-th event gets (a UUID v7 derived from the command id). */
  eventIdFor,
} from "./decider/event-identity.js";

// The case: decider, state, policy
export {
  /** Validates any input as a case command and decides its events or the typed refusal. */
  decideCase,
} from "./case/decide.js";
export {
  /** Applies one event to a case. */
  evolveCase,
} from "./case/evolve.js";
export {
  /** A case before its referral. */
  initialCaseState,
  /** The stages a case ends in (rejected, declined, closed). */
  finalStages,
} from "./case/state.js";
export type {
  /** Everything decide needs to know about one case. */
  CaseState,
  /** Where a case stands. */
  CaseStage,
  /** A goal of the plan with its progress. */
  PlannedGoal,
} from "./case/state.js";
export {
  /** A scheme's settings (schema). */
  SchemePolicy,
  /** Builds a policy from partial settings, filling in the defaults. */
  schemePolicy,
  /** An open scheme: every referral route, the default limits. */
  openSchemePolicy,
  /** A scheme that takes referrals from GPs only. */
  gpOnlySchemePolicy,
  /** A scheme that takes referrals from general practice: GPs and practice staff. */
  generalPracticeSchemePolicy,
  /** A resolver from a table of PCN codes to their schemes' policies, for one handler hosting several schemes. */
  schemePoliciesByPcn,
} from "./case/policy.js";
export type {
  /** A scheme's settings as callers write them (every field optional). */
  SchemePolicyInput,
} from "./case/policy.js";
export {
  /** The case decider bound to a scheme's policy and instruments. */
  caseDecider,
} from "./case/decider.js";

// The other deciders
export type {
  /** A stream's decider: parse, streamId, decide, evolve, initialState, owns. */
  Decider,
} from "./decider/decider.js";
export {
  /** The decider of a person's usage stream. */
  personUsageDecider,
} from "./person-usage/decider.js";
export type {
  /** The state of a person's usage stream. */
  PersonUsageState,
} from "./person-usage/state.js";
export {
  /** The decider of the reference streams (PCNs, link workers, code lists). */
  referenceDataDecider,
} from "./reference-data/decider.js";
export type {
  /** The state of a reference stream. */
  ReferenceState,
} from "./reference-data/state.js";

// Instruments and coding
export {
  /** Scores a completed instrument, or says which answer is out of range. */
  assess,
  /** A registry of instruments by name. */
  instrumentRegistry,
} from "./instruments/instrument.js";
export type {
  /** An outcome instrument: its items, ranges and scoring. */
  Instrument,
  /** Instruments by name. */
  InstrumentRegistry,
  /** The range of one item's answers. */
  ItemRange,
  /** A scored assessment. */
  Assessment,
} from "./instruments/instrument.js";
export {
  /** The instruments free to use (ONS4, WEMWBS, SWEMWBS raw, UCLA-3). */
  standardInstruments,
  /** The standard instruments plus a scheme's own or licensed ones. */
  standardInstrumentsWith,
} from "./instruments/standard-instruments.js";
export {
  /** The SNOMED CT concepts fed back to the GP record. */
  snomed,
} from "./coding/snomed.js";
export type {
  /** One of the SNOMED CT codes in `snomed`. */
  SnomedCode,
} from "./coding/snomed.js";

// The storage port, as an embedder or a read model sees it (store authors: `@linkwork/core/store-kit`)
export type {
  /** The storage port every store implements. */
  EventStore,
  /** A stream's version: the number of events in it. */
  StreamVersion,
  /** A position in the store's global order. */
  GlobalPosition,
  /** An event as stored, with its stream version and global position. */
  RecordedEvent,
  /** Narrows reads and subscriptions by stream category and event type. */
  EventFilter,
  /** Start position, filter and page size of a global read. */
  ReadAllOptions,
  /** Start position, filter and batch size of a subscription. */
  SubscribeOptions,
  /** What a subscription delivers. */
  SubscriptionMessage,
  /** A running subscription. */
  EventSubscription,
} from "./store/event-store.js";
export type {
  /** A projection's saved position and optional snapshot. */
  Checkpoint,
  /** Checkpoints by projection name, with compare-and-set. */
  CheckpointStore,
} from "./store/checkpoint-store.js";
export type {
  /** Everything a store can answer instead of a result. */
  StoreError,
  /** The code of a StoreError. */
  StoreErrorCode,
} from "./store/store-error.js";

// Handling commands
export {
  /** Runs one decider against a store: load, decide, append, retry on conflict. */
  commandHandler,
} from "./store/command-handler.js";
export type {
  /** What commandHandler returns: handle and load. */
  CommandHandler,
  /** Retry and cache settings of a command handler. */
  CommandHandlerOptions,
  /** What handling can answer instead of a result: a domain or a store error. */
  HandleError,
  /** A handled command: its events, the stream's state and version, whether it was a repeat. */
  Handled,
} from "./store/command-handler.js";
export {
  /** The one entry point an embedding service needs: a store, a policy, and commands in. */
  linkwork,
  /** Every command type Linkwork handles. */
  commandTypes,
} from "./store/linkwork-handler.js";
export type {
  /** What linkwork returns: handle any command, load a case. */
  Linkwork,
  /** Policy, instruments and handler settings of linkwork. */
  LinkworkOptions,
} from "./store/linkwork-handler.js";

// Personal data: the person register (docs/privacy.md); register authors: `@linkwork/core/store-kit`
export type {
  /** The person register port: identifiers outside the history, pseudonyms issued, look-up by NHS number, erasure. */
  PersonRegister,
} from "./personal-data/person-register.js";
export {
  /** What the register holds about a person: NHS number, name, date of birth, contact and equity fields. */
  PersonDetails,
} from "./personal-data/person-details.js";

// History files (docs/events.md)
export {
  /** Parses one NDJSON history line into a recorded event. */
  parseHistoryLine,
  /** Formats a recorded event as one canonical history line. */
  formatHistoryLine,
} from "./history/history-line.js";
export type {
  /** Options of parseHistoryLine (the longest line accepted). */
  ParseHistoryLineOptions,
} from "./history/history-line.js";
export {
  /** Every history problem code. */
  historyProblemCodes,
  /** Renders a history problem as one line for people. */
  formatHistoryProblem,
} from "./history/history-problem.js";
export type {
  /** A problem found in a history file, with its line and path. */
  HistoryProblem,
  /** The code of a HistoryProblem. */
  HistoryProblemCode,
} from "./history/history-problem.js";
export type {
  /** Where a history comes from: a file path, text or byte chunks, or a readable stream. */
  HistorySource,
} from "./history/history-source.js";
export {
  /** Writes a file whole or not at all: temporary name, fsync, rename; stale partials removed. */
  writeFileAtomically,
} from "./history/atomic-file.js";
export {
  /** Text from input made safe to echo: control, separator and bidirectional characters escaped. */
  printable,
} from "./history/printable-text.js";
export {
  /** Streams a store's events as history lines. */
  exportHistory,
  /** Writes a store's history to a file, atomically. */
  writeHistoryFile,
  /** The error a failed export throws, with its typed failure. */
  HistoryExportError,
} from "./history/export-history.js";
export type {
  /** What to export (a filter by stream category) and the page size read. */
  HistoryExportOptions,
  /** Why an export failed. */
  HistoryExportFailure,
  /** What writeHistoryFile wrote. */
  WrittenHistory,
} from "./history/export-history.js";
export {
  /** Imports a history file into a store: validated, idempotent, resumable. */
  importHistory,
} from "./history/import-history.js";
export type {
  /** Import settings (strictness, batch size, progress). */
  ImportHistoryOptions,
  /** Progress reported during an import. */
  ImportProgress,
  /** What an import did and found. */
  ImportReport,
  /** Why an import stopped. */
  HistoryImportFailure,
} from "./history/import-history.js";
