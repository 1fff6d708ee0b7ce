// The adapter over TLS (suites/tls.ts), over @kurrent/kurrentdb-client against test servers in a process of their own: their
// generated code cannot share a process with this client's. Loads nothing of @eventstore/db-client.
import { describeTlsOver } from "./suites/tls.js";
import { overKurrentDbClient } from "./over-kurrentdb-client.js";

describeTlsOver(overKurrentDbClient());
