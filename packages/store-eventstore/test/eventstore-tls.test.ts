// The adapter over TLS (suites/tls.ts), over @eventstore/db-client against the test server in this process.
// The same suite runs over @kurrent/kurrentdb-client in eventstore-tls-kurrentdb-client.test.ts.
import { describeTlsOver } from "./suites/tls.js";
import { overDbClient } from "./over-db-client.js";

describeTlsOver(overDbClient);
