// The wire-compatible EventStoreDB test server in a process of its own, for bench/eventstore-adapter.ts:
// measured in the bench's process, the server's own work would dilute the adapter's overhead.
// Prints the connection string as one line, then serves until its standard input closes.
import { startTestServer } from "../packages/store-eventstore/test-support/index.js";

const server = await startTestServer({ batchAppend: process.argv.includes("--no-batch-append") ? false : true });
process.stdout.write(`${server.connectionString}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.stop().then(() => process.exit(0));
});
