// The public API of @linkwork/store-eventstore, one named export at a time.
export { eventStoreDb } from "./eventstore-db.js";
export type { EventStoreDb, EventStoreDbOptions } from "./eventstore-db.js";
