// The public API of @linkwork/core/store-kit: what a store author needs to write an adapter that
// passes the contract suite (`@linkwork/core/testing`), and what a source author needs to read
// history files with the one verdict every reader gives, one named export at a time. Embedders do
// not need it; the root `@linkwork/core` is theirs.

// The storage port every store implements
export type {
  /** The storage port: append, readStream, readAll, subscribe, close. */
  EventStore,
  /** What an append expects of the stream: "any", "no_stream" or exactly this version. */
  ExpectedVersion,
  /** A stream's version: the number of events in it (0 for no stream). */
  StreamVersion,
  /** A position in the store's single global order (compare, never do arithmetic). */
  GlobalPosition,
  /** An event as stored, with its stream version and global position. */
  RecordedEvent,
  /** What an append answers: the next expected version and the last position written. */
  AppendResult,
  /** Narrows reads and subscriptions by stream category and event type. */
  EventFilter,
  /** Direction, start version and page size of a stream read. */
  ReadStreamOptions,
  /** Start position, filter and page size of a global read. */
  ReadAllOptions,
  /** One page of the global order and whether it reached the end. */
  ReadAllPage,
  /** Start position, filter and batch size of a subscription. */
  SubscribeOptions,
  /** What a subscription delivers: events, caught-up marks, one final failure. */
  SubscriptionMessage,
  /** A running subscription: an async iterable that can be closed. */
  EventSubscription,
} from "../store/event-store.js";
export {
  /** The page size of readAll when the caller gives no maxCount (every store uses it). */
  defaultReadAllPageSize,
  /** The most events per subscription batch when the caller gives no batchSize. */
  defaultSubscriptionBatchSize,
  /** The most events a readAll page or subscription batch holds, whatever the caller asks (every store caps at it). */
  largestReadPage,
} from "../store/event-store.js";
export type {
  /** A projection's saved position and optional snapshot. */
  Checkpoint,
  /** Checkpoints by projection name, with compare-and-set. */
  CheckpointStore,
} from "../store/checkpoint-store.js";

// Errors a store answers
export type {
  /** Everything a store can answer instead of a result. */
  StoreError,
} from "../store/store-error.js";
export {
  /** The INVALID_STORE_CALL error for one bad argument, with its path. */
  invalidStoreCall,
  /** The CONCURRENCY_CONFLICT error every store answers on a version mismatch. */
  concurrencyConflict,
  /** The STREAM_TRUNCATED error for a stream whose first readable event is not its first. */
  streamTruncated,
} from "../store/store-error.js";

// The key store port every key store implements (crypto-shredding; see docs/privacy.md)
export type {
  /** The key store port: add, keysOf, destroy, wrappedOtherThan, rewrap, erasures, close. */
  KeyStore,
  /** How many people a key store has erased and when the last was (no one named). */
  ErasureCount,
  /** One version of a person's data key as a key store holds it: wrapped. */
  StoredDataKey,
  /** Everything a key store can answer instead of a result. */
  KeyStoreError,
} from "../personal-data/key-store.js";
export {
  /** The INVALID_KEY_STORE_CALL error for one bad argument. */
  invalidKeyStoreCall,
  /** The PERSON_ERASED error every key store answers for an erased person. */
  personErasedError,
  /** A person id or KEK id argument's shape, or the error. */
  checkKeyStoreId,
  /** A stored data key's shape, or the error naming the field. */
  checkStoredDataKey,
  /** A limit argument: 1 to 10,000. */
  checkKeyLimit,
} from "../personal-data/key-store.js";

// Stream names
export {
  /** The stream categories: case, person, pcn, linkworker, codelist, provider. */
  StreamCategory,
  /** The schema of a stream id, `<category>-<opaque id>`. */
  StreamId,
} from "../events/streams.js";

// Checks of a store call's arguments, shared so every store refuses the same calls the same way
export {
  /** The stream category each event type lives in. */
  categoryOfType,
  /** A stream id's shape, or the INVALID_STORE_CALL saying what is wrong. */
  checkStreamId,
  /** Whether a value is an ExpectedVersion. */
  isExpectedVersion,
  /** One event's envelope (type of the stream's category, UUID-shaped id): its id fingerprint or the error. */
  checkEvent,
  /** The shape check of an event id and a number taken from its random bits, or -1. */
  eventIdFingerprint,
  /** The first event id of a batch that repeats an earlier one's, as an error. */
  repeatedEventId,
  /** Options must be absent or an object. */
  checkOptions,
  /** A stream version argument: a whole number, 0 or more. */
  checkVersion,
  /** A count argument: a whole number, 1 or more. */
  checkCount,
  /** A global position argument: a bigint from 0 to MAX_GLOBAL_POSITION. */
  checkPosition,
  /** The largest global position any store gives (EventStoreDB's commit and prepare positions in one bigint). */
  MAX_GLOBAL_POSITION,
  /** A filter argument checked and turned into a predicate on event types. */
  eventMatch,
  /** A projection name: 1-200 printable characters. */
  checkProjectionName,
  /** A checkpoint's expected position: a global position (up to a store's maximum) or null. */
  checkCheckpointExpected,
  /** A checkpoint: `{ position, snapshot? }`. */
  checkCheckpoint,
} from "./store-call.js";
export type {
  /** Whether a read or subscription delivers events of a type. */
  EventMatch,
} from "./store-call.js";

// Reading history files: the line splitter and the one checker every reader uses
export {
  /** Splits a history source (text, chunks or a stream) into lines. */
  historySourceLines,
  /** The chunk size used when reading history files. */
  HISTORY_CHUNK_BYTES,
} from "../history/history-source.js";
export type {
  /** Where a history comes from: text, chunks or a readable stream. */
  HistorySource,
  /** The lines of a history source. */
  HistorySourceLines,
  /** How a history source is read (the line limit). */
  HistorySourceOptions,
} from "../history/history-source.js";
export type {
  /** A line as the splitter hands it out: its text, or why it has none (too long, not UTF-8). */
  TextLine,
  /** Why the splitter could not hand a line out as text. */
  LineFault,
} from "../history/text-lines.js";
export {
  /** The one verdict on a history, a file's lines or a store's events, that validate, import and every replay use. */
  HistoryChecker,
} from "../history/history-checker.js";
export {
  /** `Date.parse` of an event's occurredAt, several times faster for the Instant shape (the checker's and the read models'). */
  instantMs,
} from "../events/instant-ms.js";
export {
  /** The earliest occurredAt any reader accepts (the NHS's first day), for tools that make histories, such as the simulator. */
  earliestOccurredAt,
} from "../events/occurred-at.js";
export {
  /** validate's verdict: an import's report in report mode into a fresh store, from the checker alone (no events held). */
  checkHistory,
} from "../history/check-history.js";
export type {
  /** How checkHistory reads (the line limit) and hands over problems (all at the end, or each as found). */
  CheckHistoryOptions,
  /** Why checkHistory stopped: the source could not be read. */
  CheckHistoryFailure,
} from "../history/check-history.js";
export {
  /** Event ids with the line that first used each, in a few words an id: the checker's, for readers that check ids apart from it. */
  EventIdSet,
} from "../history/event-id-set.js";
export type {
  /** The checker's memory as JSON data (`snapshot()`, `HistoryChecker.restore`), versioned. */
  HistoryCheckerSnapshot,
} from "../history/history-checker-snapshot.js";
export type {
  /** A line the checker passed, or the first thing wrong with it. */
  CheckedLine,
  /** The checker's settings (the line limit). */
  HistoryCheckerOptions,
} from "../history/history-checker.js";

// Person registers: what every register shares, so that all refuse the same input the same way
export type {
  /** A person as a register holds them: pseudonym and details. */
  RegisteredPerson,
  /** What a register answers instead of a result. */
  PersonRegisterError,
} from "../personal-data/person-register.js";
export {
  /** A new random person pseudonym, `person_` and 26 base32 characters. */
  issuePersonId,
} from "../personal-data/pseudonym.js";
export {
  /** Validates person details, VALIDATION_FAILED naming each field under `details`. */
  parsePersonDetails,
  /** Validates an NHS number (modulus 11) and reduces it to ten digits. */
  parseNhsNumber,
  /** Validates a person pseudonym. */
  parsePersonId,
  /** The ALREADY_REGISTERED error for an NHS number held under a pseudonym. */
  alreadyRegistered,
  /** The NOT_FOUND error for an unknown pseudonym. */
  personNotFound,
} from "../personal-data/person-register-input.js";
export {
  /** An NHS number: ten digits with a valid modulus 11 check digit. */
  NhsNumber,
  /** Whether ten digits are a valid NHS number. */
  isValidNhsNumber,
} from "../personal-data/nhs-number.js";

// The id shapes history lines are checked against, for readers that re-check other saved data (read-model snapshots)
export {
  /** A person's pseudonym (`person_<token>` or a UUID): zod schema. */
  PersonId,
  /** A case episode's issued id (`case_<token>` or a UUID): zod schema. */
  CaseId,
  /** A link worker's issued id (`lw_<token>` or a UUID): zod schema. */
  LinkWorkerId,
  /** A community provider's issued id (`prov_<token>` or a UUID): zod schema. */
  ProviderId,
  /** A GP practice's ODS code (a capital letter and five digits): zod schema. */
  PracticeCode,
  /** A PCN's ODS code (`U` and five digits): zod schema. */
  PcnCode,
} from "../identifiers.js";
