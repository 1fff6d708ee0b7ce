// The core's store contract, run against the adapter over the wire-compatible test server, with
// both append paths the client can take, and against a real server when one is given
// (EVENTSTORE_CONNECTION_STRING; see docs/eventstoredb.md).
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { eventStoreDb, type EventStoreDb, type EventStoreDbOptions } from "../src/index.js";
import { makeTestCertificates, startTestServer, type TestCertificates, type TestServerOptions } from "../test-support/index.js";

function connect(options: EventStoreDbOptions): EventStoreDb {
  const db = eventStoreDb(options);
  if (E.isLeft(db)) throw new Error(`cannot connect: ${db.left.message}`);
  return db.right;
}

// One certificate authority and server certificate for the run, made on first use.
let certificates: Promise<TestCertificates> | undefined;
const tls = async (): Promise<TestServerOptions> => {
  const made = await (certificates ??= makeTestCertificates());
  return { tls: { key: made.key, cert: made.cert, caFile: made.caFile } };
};

const appendPaths: [string, () => Promise<TestServerOptions>][] = [
  ["BatchAppend, insecure", () => Promise.resolve({ batchAppend: true })],
  ["Append, no BatchAppend advertised", () => Promise.resolve({ serverFeatures: false })],
  ["BatchAppend, over TLS with the test CA", tls],
];

for (const [path, serverOptions] of appendPaths) {
  describeEventStoreContract(
    `store-eventstore over the test server (${path})`,
    async () => {
      const server = await startTestServer(await serverOptions());
      const db = connect({ connectionString: server.connectionString });
      return { store: db.store, checkpoints: db.checkpoints, dispose: () => server.stop() };
    },
    { modelRuns: 12, maxOperations: 25, writers: 8 },
  );
}

const realServer = process.env["EVENTSTORE_CONNECTION_STRING"];
if (realServer !== undefined && realServer !== "") {
  // A real server cannot be emptied between tests: each store gets streams of its own under a fresh prefix.
  describeEventStoreContract(
    "store-eventstore over a real EventStoreDB",
    () => {
      const db = connect({ connectionString: realServer, streamPrefix: `t${randomUUID().replaceAll("-", "").slice(0, 12)}_` });
      return Promise.resolve({ store: db.store, checkpoints: db.checkpoints });
    },
    { modelRuns: 10, maxOperations: 20, writers: 8 },
  );
}
