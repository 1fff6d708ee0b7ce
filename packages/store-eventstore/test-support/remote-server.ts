// Starts server-process.ts in a child process (Node with tsx, as the bench runs) and drives the
// test servers it starts there. Loads neither client library: only types come from the server.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { decodeLine, encodeLine, type HostAnswer } from "./remote-protocol.js";
import type { FaultCounts, RawStreamMetadata, ServerControl, ServerOperation } from "./server-control.js";
import type { TestServerOptions } from "./test-server.js";

/** A process that runs test servers: start as many as a test file needs, then close it. */
export interface TestServerHost {
  start(options?: TestServerOptions): Promise<ServerControl>;
  /** Stops every server it started and ends the process. */
  close(): Promise<void>;
}

export function startTestServerHost(): TestServerHost {
  const entry = fileURLToPath(new URL("./server-process.ts", import.meta.url));
  const child = spawn(process.execPath, ["--conditions=@linkwork/source", "--import", "tsx", entry], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  let closed = false;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const answer = decodeLine(line) as HostAnswer;
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if ("error" in answer) waiting?.reject(new Error(`test server process: ${answer.error}`));
    else waiting?.resolve(answer.value);
  });
  child.on("exit", () => {
    for (const waiting of pending.values()) waiting.reject(new Error("the test server process ended"));
    pending.clear();
  });
  const request = (body: Record<string, unknown>): Promise<unknown> => {
    if (closed) return Promise.reject(new Error("the test server process was closed"));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.stdin.write(`${encodeLine({ id, ...body })}\n`);
    });
  };

  return {
    async start(options = {}) {
      const { server, connectionString } = (await request({ op: "start", options })) as { server: number; connectionString: string };
      const call = async <T>(method: ServerOperation, ...args: unknown[]) => (await request({ op: "call", server, method, args })) as T;
      return {
        connectionString,
        stop: () => call<void>("stop"),
        restart: () => call<void>("restart"),
        dropConnections: () => call<void>("dropConnections"),
        loseNextAppendReply: () => call<void>("loseNextAppendReply"),
        delayNextAppend: (ms: number) => call<void>("delayNextAppend", ms),
        rpcCounts: () => call<Record<string, number>>("rpcCounts"),
        faultCounts: () => call<FaultCounts>("faultCounts"),
        tombstoneStream: (stream: string) => call<void>("tombstoneStream", stream),
        deleteStream: (stream: string) => call<void>("deleteStream", stream),
        setStreamMetadata: (stream: string, metadata: RawStreamMetadata) => call<void>("setStreamMetadata", stream, metadata),
        appendJson: (stream: string, type: string, data: Readonly<Record<string, unknown>>) => call<void>("appendJson", stream, type, data),
        appendBinary: (stream: string, type: string, bytes: readonly number[]) => call<void>("appendBinary", stream, type, bytes),
        commitPositions: (stream: string) => call<bigint[]>("commitPositions", stream),
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.stdin.end();
      await exited;
    },
  };
}
