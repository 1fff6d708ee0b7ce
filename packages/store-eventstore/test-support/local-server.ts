// The test server in the test's own process, behind the same asynchronous control as one in a
// process of its own: for tests over @eventstore/db-client, whose generated code the server shares.
import { rawOperations } from "./raw-operations.js";
import type { ServerControl } from "./server-control.js";
import { startTestServer, type TestServerOptions } from "./test-server.js";

export async function startLocalTestServer(options: TestServerOptions = {}): Promise<ServerControl> {
  const server = await startTestServer(options);
  const raw = rawOperations(server.connectionString);
  return {
    ...raw,
    connectionString: server.connectionString,
    async stop() {
      await raw.dispose();
      await server.stop();
    },
    restart: () => server.restart(),
    dropConnections: async () => server.dropConnections(),
    loseNextAppendReply: async () => server.loseNextAppendReply(),
    delayNextAppend: async (ms) => server.delayNextAppend(ms),
    rpcCounts: async () => server.rpcCounts(),
    faultCounts: async () => server.faultCounts(),
  };
}
