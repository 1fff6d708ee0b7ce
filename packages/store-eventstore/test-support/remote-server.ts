// Starts server-process.ts in a child process (Node with tsx, as the bench runs) and drives it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestServerOptions } from "./test-server.js";

export interface RemoteTestServer {
  readonly connectionString: string;
  dropConnections(): Promise<void>;
  loseNextAppendReply(): Promise<void>;
  delayNextAppend(ms: number): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemoteTestServer(options: TestServerOptions = {}): Promise<RemoteTestServer> {
  const entry = fileURLToPath(new URL("./server-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=@linkwork/source", "--import", "tsx", entry, JSON.stringify(options)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const answers: ((line: string) => void)[] = [];
  const first = new Promise<string>((resolve) => answers.push(resolve));
  lines.on("line", (line) => answers.shift()?.(line));
  const connectionString = await first;
  const command = async (text: string) => {
    const answer = new Promise<string>((resolve) => answers.push(resolve));
    child.stdin.write(`${text}\n`);
    const line = await answer;
    if (line !== "ok") throw new Error(`test server process: ${line}`);
  };
  let stopped = false;
  return {
    connectionString,
    dropConnections: () => command("drop"),
    loseNextAppendReply: () => command("lose-next-reply"),
    delayNextAppend: (ms) => command(`delay ${ms}`),
    restart: () => command("restart"),
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}
