// Streams deleted or truncated outside Linkwork (suites/deleted-streams.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeDeletedStreamsOver } from "./suites/deleted-streams.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeDeletedStreamsOver(overKurrentDbClient());
