// @kurrent/kurrentdb-client under test: `kurrentdb://` strings, servers in a process of their own
// (one per test file, started on first use). Loads nothing of @eventstore/db-client here.
import { afterAll } from "vitest";
import { startTestServerHost, type TestServerHost } from "../test-support/remote-server.js";
import type { ClientUnderTest } from "./client-under-test.js";

/** The client for one test file; its server process ends after the file's tests. */
export function overKurrentDbClient(): ClientUnderTest {
  let host: TestServerHost | undefined;
  afterAll(() => host?.close());
  return {
    library: "@kurrent/kurrentdb-client",
    startServer: (options) => (host ??= startTestServerHost()).start(options),
    connectionString: (esdb) => esdb.replace(/^esdb(\+discover)?:/, "kurrentdb$1:"),
  };
}
