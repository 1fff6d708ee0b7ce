// Positions and checkpoints as real servers send them (suites/positions.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describePositionsOver } from "./suites/positions.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describePositionsOver(overKurrentDbClient());
