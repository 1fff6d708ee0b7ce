import grpc from "@grpc/grpc-js";
import { EventStoreDBClient } from "@eventstore/db-client";
import type { SupportedMethods } from "@eventstore/db-client/generated/serverfeatures_pb.js";
import { describe, expect, it } from "vitest";
import { serverFeaturesGrpc, sharedPb } from "../test-support/generated-protos.js";
import { startTestServer, type TestServer, type TestServerOptions } from "../test-support/index.js";
import { collect, streamName, testEvent } from "./test-server-fixture.js";

async function withClient(
  options: TestServerOptions,
  body: (server: TestServer, client: EventStoreDBClient) => Promise<void>,
  connectionString = (server: TestServer) => server.connectionString,
): Promise<void> {
  const server = await startTestServer(options);
  const client = EventStoreDBClient.connectionString(connectionString(server));
  try {
    await body(server, client);
  } finally {
    await client.dispose();
    await server.stop();
  }
}

async function appendThree(client: EventStoreDBClient): Promise<void> {
  const stream = streamName();
  for (let i = 0; i < 3; i += 1) await client.appendToStream(stream, testEvent());
}

function supportedMethods(server: TestServer): Promise<SupportedMethods> {
  const client = new serverFeaturesGrpc.ServerFeaturesClient(`${server.host}:${server.port}`, grpc.credentials.createInsecure());
  return new Promise<SupportedMethods>((resolve, reject) =>
    client.getSupportedMethods(new sharedPb.Empty(), (error, methods) => {
      client.close();
      if (error) reject(error);
      else resolve(methods);
    }),
  ).finally(() => client.close());
}

describe("server feature discovery", () => {
  it("advertises BatchAppend, so the client appends over one long-lived BatchAppend stream", async () => {
    await withClient({ batchAppend: true }, async (server, client) => {
      await appendThree(client);
      expect(server.rpcCounts()).toMatchObject({ "ServerFeatures.GetSupportedMethods": 1, "Streams.BatchAppend": 1 });
      expect(server.rpcCounts()["Streams.Append"]).toBeUndefined();
    });
  });

  it("without BatchAppend, the client falls back to one Append call per append", async () => {
    await withClient({ batchAppend: false }, async (server, client) => {
      await appendThree(client);
      expect(server.rpcCounts()).toMatchObject({ "ServerFeatures.GetSupportedMethods": 1, "Streams.Append": 3 });
      expect(server.rpcCounts()["Streams.BatchAppend"]).toBeUndefined();
    });
  });

  it("when GetSupportedMethods is unimplemented (pre-21.10 server), the client uses Append", async () => {
    await withClient({ serverFeatures: false }, async (server, client) => {
      await appendThree(client);
      expect(server.rpcCounts()).toMatchObject({ "ServerFeatures.GetSupportedMethods": 1, "Streams.Append": 3 });
      expect(server.rpcCounts()["Streams.BatchAppend"]).toBeUndefined();
    });
  });

  it("lists lower-cased service and method names and the server version", async () => {
    for (const batchAppend of [true, false]) {
      const server = await startTestServer({ batchAppend, serverVersion: "24.10.1" });
      try {
        const methods = await supportedMethods(server);
        expect(methods.getEventStoreServerVersion()).toBe("24.10.1");
        const names = methods.getMethodsList().map((m) => `${m.getServiceName()}/${m.getMethodName()}`);
        expect(names).toContain("event_store.client.streams.streams/append");
        expect(names).toContain("event_store.client.streams.streams/read");
        expect(names.includes("event_store.client.streams.streams/batchappend")).toBe(batchAppend);
      } finally {
        await server.stop();
      }
    }
  });

  it("serves gossip, so esdb+discover:// connection strings work", async () => {
    await withClient(
      {},
      async (server, client) => {
        const stream = streamName();
        await client.appendToStream(stream, testEvent());
        expect(await collect(client.readStream(stream))).toHaveLength(1);
        expect(server.rpcCounts()["Gossip.Read"]).toBeGreaterThanOrEqual(1);
      },
      (server) => `esdb+discover://${server.host}:${server.port}?tls=false`,
    );
  });
});
