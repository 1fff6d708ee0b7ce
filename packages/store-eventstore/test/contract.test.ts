// The core's store contract (suites/contract.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in contract-kurrentdb-client.test.ts.
import { describeContractOver } from "./suites/contract.js";
import { overDbClient } from "./over-db-client.js";

describeContractOver(overDbClient);
