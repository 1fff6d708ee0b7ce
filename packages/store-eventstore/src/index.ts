// The public API of @linkwork/store-eventstore, one named export at a time.
export {
  /** Connects Linkwork to EventStoreDB or KurrentDB: an EventStore and a CheckpointStore over one connection. */
  eventStoreDb,
} from "./eventstore-db.js";
export type {
  /** The two stores and their common close. */
  EventStoreDb,
  /** The connection string, the client library, stream prefix, retries, deadlines and size limits. */
  EventStoreDbOptions,
  /** The Node client libraries the adapter can use: "@eventstore/db-client" or "@kurrent/kurrentdb-client". */
  ClientLibraryName,
} from "./eventstore-db.js";
