// The public API of @linkwork/store-memory, one named export at a time.
export { memoryEventStore } from "./memory-event-store.js";
export { memoryCheckpointStore } from "./memory-checkpoint-store.js";
export { memoryKeyStore } from "./memory-key-store.js";
export { memoryPersonRegister } from "./memory-person-register.js";
export type { MemoryPersonRegisterOptions } from "./memory-person-register.js";
export { memoryAuditTrail } from "./memory-audit-trail.js";
