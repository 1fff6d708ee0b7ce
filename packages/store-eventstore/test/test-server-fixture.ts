// Shared set-up for the test-server tests: a server plus a real client per suite,
// unique stream names, and helpers to collect reads and subscriptions.
import { randomUUID } from "node:crypto";
import grpc from "@grpc/grpc-js";
import {
  EventStoreDBClient,
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONEventType,
  type ResolvedEvent,
  type StreamSubscription,
  type AllStreamSubscription,
} from "@eventstore/db-client";
import streamsGrpc from "@eventstore/db-client/generated/streams_grpc_pb.js";
import type { StreamsClient } from "@eventstore/db-client/generated/streams_grpc_pb.js";
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer, type TestServerOptions } from "../test-support/index.js";

export const APPEND_MODES = [
  { name: "BatchAppend", batchAppend: true },
  { name: "Append", batchAppend: false },
] as const;

export interface Harness {
  readonly server: TestServer;
  readonly client: EventStoreDBClient;
}

/** Starts a server and a client for the enclosing describe block; both are shut down afterwards. */
export function useTestServer(options: TestServerOptions = {}, connectionQuery = ""): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const server = await startTestServer(options);
    harness = { server, client: EventStoreDBClient.connectionString(server.connectionString + connectionQuery) };
  });
  afterAll(async () => {
    await harness?.client.dispose();
    await harness?.server.stop();
  });
  return () => {
    if (harness === undefined) throw new Error("the test server is not started yet");
    return harness;
  };
}

export const streamName = (prefix = "stream"): string => `${prefix}-${randomUUID()}`;

export const testEvent = (type = "TestEvent", data: Record<string, unknown> = {}, id?: string) =>
  jsonEvent<JSONEventType>(id === undefined ? { type, data } : { type, data, id });

export const testEvents = (count: number, type = "TestEvent") => Array.from({ length: count }, (_, i) => testEvent(type, { i }));

export async function collect<E>(iterable: AsyncIterable<E>): Promise<E[]> {
  const items: E[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export type SubscriptionEntry =
  | { readonly kind: "confirmation" }
  | { readonly kind: "caughtUp" }
  | { readonly kind: "event"; readonly event: ResolvedEvent | AllStreamResolvedEvent };

/** Records confirmations, caught-up notices and events in the order the subscription reports them. */
export function record(subscription: StreamSubscription | AllStreamSubscription) {
  const entries: SubscriptionEntry[] = [];
  const errors: Error[] = [];
  let wake = () => undefined as void;
  subscription.on("confirmation", () => entries.push({ kind: "confirmation" }));
  subscription.on("caughtUp", () => {
    entries.push({ kind: "caughtUp" });
    wake();
  });
  subscription.on("data", (event: ResolvedEvent | AllStreamResolvedEvent) => {
    entries.push({ kind: "event", event });
    wake();
  });
  subscription.on("error", (error: Error) => {
    errors.push(error);
    wake();
  });
  const events = () => entries.flatMap((e) => (e.kind === "event" ? [e.event] : []));
  return {
    entries,
    errors,
    events,
    /** Resolves once `done` holds; rejects after `timeoutMs`. */
    async until(done: () => boolean, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!done()) {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new Error(`subscription condition not met; have ${entries.length} entries, ${errors.length} errors`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(remaining, 50));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}

/** A raw gRPC client for wire-level assertions the high-level client hides. */
export function rawStreamsClient(server: TestServer): StreamsClient {
  return new streamsGrpc.StreamsClient(`${server.host}:${server.port}`, grpc.credentials.createInsecure());
}
