// The public API of @linkwork/core/personal-data: what an embedder needs to seal the special-category
// details of events with a key per person and to erase a person by destroying it (crypto-shredding,
// docs/privacy.md), one named export at a time. Key store authors find the port in `/store-kit`.

export {
  /** What a sealed field reads as once it cannot be opened: `{ erased: true }` (zod schema and type). */
  Erased,
  /** Whether a sealed field's value was erased. */
  isErased,
} from "./erased.js";
export {
  /** The data keys of a key store, wrapped and unwrapped with a key ring. */
  dataKeys,
  /** A new random key-encryption key (tests, examples, a first installation). */
  newKeyEncryptionKey,
} from "./data-keys.js";
export type {
  /** Each person's data keys: made, opened, rotated, re-wrapped, destroyed. */
  DataKeys,
  /** One version of a person's data key, unwrapped. */
  DataKey,
  /** Settings of dataKeys (the cache of unwrapped keys). */
  DataKeysOptions,
  /** A key-encryption key: an id and 32 bytes, held by the embedder. */
  KeyEncryptionKey,
  /** The current KEK and the retired ones still to be re-wrapped off. */
  KeyRing,
} from "./data-keys.js";
export type {
  /** The key store port (implemented by store packages). */
  KeyStore,
  /** Everything a key store can answer instead of a result. */
  KeyStoreError,
  /** How many people a key store has erased and when the last was (no one named). */
  ErasureCount,
} from "./key-store.js";
export {
  /** Wraps any event store: seals special-category fields on append, opens them on read, erases a person. */
  sealingEventStore,
} from "./sealing-event-store.js";
export type {
  /** An event store that seals and opens, with erasePerson. */
  SealingEventStore,
  /** Settings of sealingEventStore (the case -> person cache, a fallback for cases without a referral). */
  SealingEventStoreOptions,
} from "./sealing-event-store.js";
export {
  /** The special-category fields of each event type: the one list of what is sealed. */
  sealedFields,
} from "./sealed-fields.js";
export {
  /** Seals one event's special-category fields with a data key (for tools that write sealed histories). */
  sealEvent,
  /** Opens one sealed event with its data key, or reads it in its erased form without one. */
  openEvent,
} from "./sealing.js";
export {
  /** Where a sealed event keeps its fields: person, key version and the AES-256-GCM box (schema and type). */
  SealedBox,
} from "./sealed-box.js";
export {
  /** Opens recorded events from any source (a sealed history file's lines, say) with the people's keys. */
  eventOpener,
} from "./event-opener.js";
export {
  /** The shape of a pseudonym the person register issues (`person_<token>` or a UUID): zod schema. */
  PersonId,
} from "../identifiers.js";
export {
  /** Opens recorded events as eventOpener does, the AES-GCM work on a worker thread: for long replays of sealed files. */
  workerEventOpener,
} from "./opening-worker/worker-event-opener.js";
export type {
  /** A worker opener: open (overlapping calls allowed) and close. */
  WorkerEventOpener,
  /** Settings of workerEventOpener (the fewest boxes a list sends to the worker). */
  WorkerEventOpenerOptions,
} from "./opening-worker/worker-event-opener.js";
