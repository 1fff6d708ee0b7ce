// @eventstore/db-client under test: `esdb://` strings, servers in this process.
import { startLocalTestServer } from "../test-support/local-server.js";
import type { ClientUnderTest } from "./client-under-test.js";

export const overDbClient: ClientUnderTest = {
  library: "@eventstore/db-client",
  startServer: (options) => startLocalTestServer(options),
  connectionString: (esdb) => esdb,
};
