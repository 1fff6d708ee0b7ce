// Test servers in a process of their own, for tests of @kurrent/kurrentdb-client: the server is
// built on @eventstore/db-client's generated protobuf code, which registers the same global names
// as the KurrentDB client's and cannot share a process with it. Started by remote-server.ts; takes
// requests a line at a time on standard input (remote-protocol.ts): start a server with options,
// or call one of a started server's operations (server-control.ts). Stops every server and exits
// when its input closes.
import { createInterface } from "node:readline";
import { startLocalTestServer } from "./local-server.js";
import { decodeLine, encodeLine, type HostAnswer, type HostRequest } from "./remote-protocol.js";
import type { ServerControl } from "./server-control.js";

const servers: ServerControl[] = [];
const answer = (line: HostAnswer) => process.stdout.write(`${encodeLine(line)}\n`);

async function handle(request: HostRequest): Promise<unknown> {
  if (request.op === "start") {
    const server = await startLocalTestServer(request.options);
    servers.push(server);
    return { server: servers.length - 1, connectionString: server.connectionString };
  }
  const server = servers[request.server];
  if (server === undefined) throw new Error(`no server ${request.server}`);
  // Looked up by name and called on its server: every operation is a method of ServerControl.
  const operation: unknown = Reflect.get(server, request.method);
  if (typeof operation !== "function") throw new Error(`no operation ${request.method}`);
  return (operation as (...args: unknown[]) => Promise<unknown>).apply(server, request.args);
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const request = decodeLine(line) as HostRequest;
  handle(request).then(
    (value) => answer({ id: request.id, value: value ?? null }),
    (error: unknown) => answer({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
lines.on("close", () => {
  void Promise.allSettled(servers.map((server) => server.stop())).then(() => process.exit(0));
});
