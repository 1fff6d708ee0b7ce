// The public API of @linkwork/store-memory, one named export at a time.
export {
  /** The reference event store: everything in memory, for tests, examples and single-process tools. */
  memoryEventStore,
} from "./memory-event-store.js";
export {
  /** Checkpoints in a Map: compare-and-set in one process. */
  memoryCheckpointStore,
} from "./memory-checkpoint-store.js";
export {
  /** Data keys in a Map, erased people in a Set; the keys die with the process. */
  memoryKeyStore,
} from "./memory-key-store.js";
export {
  /** The reference person register: people by pseudonym and pseudonyms by NHS number. */
  memoryPersonRegister,
} from "./memory-person-register.js";
export type {
  /** The register's source of random bytes for pseudonyms. */
  MemoryPersonRegisterOptions,
} from "./memory-person-register.js";
export {
  /** The audit trail as a list in memory, purged by age. */
  memoryAuditTrail,
} from "./memory-audit-trail.js";
