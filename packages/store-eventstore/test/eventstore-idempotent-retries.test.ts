// Calls repeated after an answer that never came (suites/idempotent-retries.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-idempotent-retries-kurrentdb-client.test.ts.
import { describeIdempotentRetriesOver } from "./suites/idempotent-retries.js";
import { overDbClient } from "./over-db-client.js";

describeIdempotentRetriesOver(overDbClient);
