// Positions and checkpoints as real servers send them (suites/positions.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-positions-kurrentdb-client.test.ts.
import { describePositionsOver } from "./suites/positions.js";
import { overDbClient } from "./over-db-client.js";

describePositionsOver(overDbClient);
