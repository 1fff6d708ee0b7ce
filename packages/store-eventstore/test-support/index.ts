// A wire-compatible, in-memory EventStoreDB gRPC server for tests with the real
// @eventstore/db-client. See docs/eventstoredb-test-server.md.
export { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";
export type { SubscriptionQuirks } from "./subscriptions.js";
export { makeTestCertificates, type TestCertificates } from "./certificates.js";
export { startLocalTestServer } from "./local-server.js";
export { startTestServerHost, type TestServerHost } from "./remote-server.js";
export type { FaultCounts, RawStreamMetadata, ServerControl } from "./server-control.js";
