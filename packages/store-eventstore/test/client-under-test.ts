// The client library a suite runs the adapter over, and the test servers it runs against: in the
// test's own process for @eventstore/db-client, in a process of their own for
// @kurrent/kurrentdb-client. The suites in suites/ take one; each client's test files pass theirs.
import type { EventStoreDb, EventStoreDbOptions } from "../src/index.js";
import type { ServerControl } from "../test-support/server-control.js";
import type { TestServerOptions } from "../test-support/test-server.js";
import { connect } from "./adapter-fixture.js";

export interface ClientUnderTest {
  /** The package name, for test titles. */
  readonly library: "@eventstore/db-client" | "@kurrent/kurrentdb-client";
  /** A fresh test server; the test stops it. */
  startServer(options?: TestServerOptions): Promise<ServerControl>;
  /** The connection string that picks this client, for a server's or a real server's string. */
  connectionString(esdbConnectionString: string): string;
}

/** The adapter over `server` through `client`, retrying quickly so fault tests stay short. */
export function connectOver(
  client: ClientUnderTest,
  server: { readonly connectionString: string },
  options: Partial<EventStoreDbOptions> = {},
): EventStoreDb {
  const connectionString = client.connectionString(options.connectionString ?? server.connectionString);
  return connect({ connectionString }, { ...options, connectionString });
}
