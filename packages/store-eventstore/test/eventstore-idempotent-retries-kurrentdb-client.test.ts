// Calls repeated after an answer that never came (suites/idempotent-retries.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeIdempotentRetriesOver } from "./suites/idempotent-retries.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeIdempotentRetriesOver(overKurrentDbClient());
