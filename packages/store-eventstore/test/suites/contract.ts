// The core's store contract over one client library, against the test server with each append
// path the client can take (BatchAppend, the Append fallback when the server does not advertise
// BatchAppend, BatchAppend over TLS), and against a real server when one is given
// (EVENTSTORE_CONNECTION_STRING; see docs/eventstoredb.md).
import { randomUUID } from "node:crypto";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { makeTestCertificates, type TestCertificates } from "../../test-support/certificates.js";
import type { TestServerOptions } from "../../test-support/test-server.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

// The adapter's own retry delays, not the fault tests' short ones.
const defaultRetries = { initialRetryDelayMs: 100, maxRetryDelayMs: 3000 };

export function describeContractOver(client: ClientUnderTest): void {
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
      `store-eventstore with ${client.library} over the test server (${path})`,
      async () => {
        const server = await client.startServer(await serverOptions());
        const db = connectOver(client, server, defaultRetries);
        return {
          store: db.store,
          checkpoints: db.checkpoints,
          dispose: async () => {
            await db.close();
            await server.stop();
          },
        };
      },
      { modelRuns: 12, maxOperations: 25, writers: 8 },
    );
  }

  const realServer = process.env["EVENTSTORE_CONNECTION_STRING"];
  if (realServer !== undefined && realServer !== "") {
    // A real server cannot be emptied between tests: each store gets streams of its own under a fresh prefix.
    describeEventStoreContract(
      `store-eventstore with ${client.library} over a real server`,
      () => {
        const db = connectOver(
          client,
          { connectionString: realServer },
          { streamPrefix: `t${randomUUID().replaceAll("-", "").slice(0, 12)}_`, ...defaultRetries },
        );
        return Promise.resolve({ store: db.store, checkpoints: db.checkpoints, dispose: () => db.close() });
      },
      { modelRuns: 10, maxOperations: 20, writers: 8 },
    );
  }
}
