// The test server as the adapter's tests drive it, whether it runs in the test's own process
// (local-server.ts) or in a process of its own (remote-server.ts, for @kurrent/kurrentdb-client,
// whose generated code cannot share a process with the server's). Every call is asynchronous so
// that both can stand behind it; this file loads neither client library.
import type { FaultCounts } from "./faults.js";

/** Stream metadata an operator or another tool may set on a stream. */
export interface RawStreamMetadata {
  readonly truncateBefore?: number;
  readonly maxCount?: number;
}

export interface ServerControl {
  /** `esdb://127.0.0.1:<port>?tls=...`, for @eventstore/db-client. */
  readonly connectionString: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  dropConnections(): Promise<void>;
  loseNextAppendReply(): Promise<void>;
  delayNextAppend(ms: number): Promise<void>;
  /** Calls received per RPC, as the server counted them. */
  rpcCounts(): Promise<Readonly<Record<string, number>>>;
  /** Injected faults that took effect, as the server counted them. */
  faultCounts(): Promise<FaultCounts>;
  // What other tools and operators do to a server, done with the real @eventstore/db-client
  // beside the server (never with the client under test).
  tombstoneStream(stream: string): Promise<void>;
  deleteStream(stream: string): Promise<void>;
  setStreamMetadata(stream: string, metadata: RawStreamMetadata): Promise<void>;
  appendJson(stream: string, type: string, data: Readonly<Record<string, unknown>>): Promise<void>;
  appendBinary(stream: string, type: string, bytes: readonly number[]): Promise<void>;
  /** The commit positions of a stream's events, read from `$all` in its order. */
  commitPositions(stream: string): Promise<bigint[]>;
}

/** The operations a remote server process takes by name: every method but the connection string. */
export type ServerOperation = Exclude<keyof ServerControl, "connectionString">;

export type { FaultCounts } from "./faults.js";
