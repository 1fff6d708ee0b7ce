// The real @eventstore/db-client beside the adapter, to look at what it wrote or to write what it
// would not. In a file of its own: loading it would clash with @kurrent/kurrentdb-client's tests.
import { EventStoreDBClient } from "@eventstore/db-client";
import type { TestServer } from "../test-support/index.js";

export function rawClient(server: TestServer): EventStoreDBClient {
  return EventStoreDBClient.connectionString(server.connectionString);
}
