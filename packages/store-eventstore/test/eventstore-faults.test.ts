// The adapter under network faults (suites/faults.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-faults-kurrentdb-client.test.ts.
import { describeFaultsOver } from "./suites/faults.js";
import { overDbClient } from "./over-db-client.js";

describeFaultsOver(overDbClient);
