// The core's store contract over @kurrent/kurrentdb-client (chosen by the `kurrentdb://` scheme),
// against the test server in a process of its own: the server is built on @eventstore/db-client's
// generated code, which cannot share a process with this client's. This file loads neither
// @eventstore/db-client nor the in-process test server.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { afterAll } from "vitest";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { eventStoreDb } from "../src/index.js";
import { makeTestCertificates } from "../test-support/certificates.js";
import { startRemoteTestServer, type RemoteTestServer } from "../test-support/remote-server.js";
import type { TestServerOptions } from "../test-support/test-server.js";

// One append path: the store calls are the same code over either; the 6.2.1 suite runs both. Then
// the same over TLS, with a certificate authority made for the run.
const appendPaths: [string, () => Promise<TestServerOptions>][] = [
  ["BatchAppend, insecure", () => Promise.resolve({ batchAppend: true })],
  [
    "BatchAppend, over TLS with the test CA",
    async () => {
      const { key, cert, caFile } = await makeTestCertificates();
      return { batchAppend: true, tls: { key, cert, caFile } };
    },
  ],
];

for (const [path, serverOptions] of appendPaths) {
  // One server process for the suite (starting one takes a second or two); each store gets streams
  // of its own under a fresh prefix, as over a real server.
  let server: Promise<RemoteTestServer> | undefined;
  afterAll(async () => (await server)?.stop());
  describeEventStoreContract(
    `store-eventstore with @kurrent/kurrentdb-client over the test server (${path})`,
    async () => {
      const { connectionString } = await (server ??= serverOptions().then(startRemoteTestServer));
      const db = eventStoreDb({
        connectionString: connectionString.replace(/^esdb:/, "kurrentdb:"),
        streamPrefix: `t${randomUUID().replaceAll("-", "").slice(0, 12)}_`,
      });
      if (E.isLeft(db)) throw new Error(`cannot connect: ${db.left.message}`);
      return { store: db.right.store, checkpoints: db.right.checkpoints };
    },
    { modelRuns: 8, maxOperations: 20, writers: 6 },
  );
}
