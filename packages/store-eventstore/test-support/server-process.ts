// The test server in a process of its own, for tests of @kurrent/kurrentdb-client: this server is
// built on @eventstore/db-client's generated protobuf code, which registers the same global names
// as the KurrentDB client's and cannot share a process with it. Started by remote-server.ts with
// the options as JSON; prints the connection string, then takes one command a line on standard
// input (drop, lose-next-reply, delay <ms>, restart) and answers each with "ok"; stops when its
// input closes.
import { createInterface } from "node:readline";
import { startTestServer, type TestServerOptions } from "./test-server.js";

const options = JSON.parse(process.argv[2] ?? "{}") as TestServerOptions;
const server = await startTestServer(options);
process.stdout.write(`${server.connectionString}\n`);
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, argument] = line.trim().split(" ");
  const done = () => process.stdout.write("ok\n");
  switch (command) {
    case "drop":
      server.dropConnections();
      return done();
    case "lose-next-reply":
      server.loseNextAppendReply();
      return done();
    case "delay":
      server.delayNextAppend(Number(argument));
      return done();
    case "restart":
      void server.restart().then(done);
      return;
    default:
      process.stdout.write(`unknown command ${String(command)}\n`);
  }
});
lines.on("close", () => {
  void server.stop().then(() => process.exit(0));
});
