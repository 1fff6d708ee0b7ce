// The core's store contract (suites/contract.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeContractOver } from "./suites/contract.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeContractOver(overKurrentDbClient());
