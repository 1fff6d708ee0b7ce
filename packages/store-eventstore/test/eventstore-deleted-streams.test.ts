// Streams deleted or truncated outside Linkwork (suites/deleted-streams.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-deleted-streams-kurrentdb-client.test.ts.
import { describeDeletedStreamsOver } from "./suites/deleted-streams.js";
import { overDbClient } from "./over-db-client.js";

describeDeletedStreamsOver(overDbClient);
