// The core's store contract over @kurrent/kurrentdb-client (chosen by the `kurrentdb://` scheme),
// against the test server in a process of its own: the server is built on @eventstore/db-client's
// generated code, which cannot share a process with this client's. This file loads neither
// @eventstore/db-client nor the in-process test server.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { afterAll } from "vitest";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { eventStoreDb } from "../src/index.js";
import { startRemoteTestServer, type RemoteTestServer } from "../test-support/remote-server.js";

// One append path: the store calls are the same code over either; the 6.2.1 suite runs both.
const appendPaths = [["BatchAppend", { batchAppend: true }]] as const;

for (const [path, serverOptions] of appendPaths) {
  // One server process for the suite (starting one takes a second or two); each store gets streams
  // of its own under a fresh prefix, as over a real server.
  let server: Promise<RemoteTestServer> | undefined;
  afterAll(async () => (await server)?.stop());
  describeEventStoreContract(
    `store-eventstore with @kurrent/kurrentdb-client over the test server (${path})`,
    async () => {
      const { connectionString } = await (server ??= startRemoteTestServer(serverOptions));
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
