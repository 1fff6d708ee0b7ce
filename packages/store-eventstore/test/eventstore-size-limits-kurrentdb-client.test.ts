// The server's size limits, known to the adapter (suites/size-limits.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeSizeLimitsOver } from "./suites/size-limits.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeSizeLimitsOver(overKurrentDbClient());
