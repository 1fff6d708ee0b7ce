// The adapter under network faults (suites/faults.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeFaultsOver } from "./suites/faults.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeFaultsOver(overKurrentDbClient());
