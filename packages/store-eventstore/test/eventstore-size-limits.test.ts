// The server's size limits, known to the adapter (suites/size-limits.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-size-limits-kurrentdb-client.test.ts.
import { describe, expect, it } from "vitest";
import { eventStoreDb } from "../src/index.js";
import { left } from "./adapter-fixture.js";
import { overDbClient } from "./over-db-client.js";
import { describeSizeLimitsOver } from "./suites/size-limits.js";

describeSizeLimitsOver(overDbClient);

describe("size limit options", () => {
  it("are whole numbers, 1 or more, else INVALID_STORE_CALL naming the option", () => {
    for (const [key, value] of [
      ["maxAppendBytes", 0],
      ["maxEventBytes", 1.5],
      ["maxAppendBytes", "1MiB"],
    ] as const) {
      expect(left(eventStoreDb({ connectionString: "esdb://127.0.0.1:2113?tls=false", [key]: value }))).toMatchObject({
        code: "INVALID_STORE_CALL",
        issues: [{ path: `options.${key}` }],
      });
    }
  });
});
