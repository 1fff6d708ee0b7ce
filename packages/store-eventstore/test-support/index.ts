// A wire-compatible, in-memory EventStoreDB gRPC server for tests with the real
// @eventstore/db-client. See docs/eventstoredb-test-server.md.
export { startTestServer, type TestServer, type TestServerOptions } from "./test-server.js";
export type { SubscriptionQuirks } from "./subscriptions.js";
export { makeTestCertificates, type TestCertificates } from "./certificates.js";
export { startRemoteTestServer, type RemoteTestServer } from "./remote-server.js";
