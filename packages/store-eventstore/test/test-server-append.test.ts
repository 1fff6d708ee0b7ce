import { randomUUID } from "node:crypto";
import {
  binaryEvent,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  UnknownError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../test-support/index.js";
import { APPEND_MODES, collect, streamName, testEvent, testEvents, useTestServer } from "./test-server-fixture.js";

describe.each(APPEND_MODES)("appending via $name", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend, maxAppendSize: 1024 });
  const readRevisions = async (stream: string) => (await collect(harness().client.readStream(stream))).map((e) => e.event?.revision);

  it("uses the expected RPC", async () => {
    const { server, client } = harness();
    await client.appendToStream(streamName(), testEvent());
    const counts = server.rpcCounts();
    expect(counts[batchAppend ? "Streams.BatchAppend" : "Streams.Append"]).toBeGreaterThan(0);
    expect(counts[batchAppend ? "Streams.Append" : "Streams.BatchAppend"]).toBeUndefined();
  });

  it("numbers revisions from 0 and keeps one append contiguous", async () => {
    const { client } = harness();
    const stream = streamName();
    const first = await client.appendToStream(stream, testEvents(3));
    const second = await client.appendToStream(stream, testEvents(2));
    expect(first.nextExpectedRevision).toBe(2n);
    expect(second.nextExpectedRevision).toBe(4n);
    expect(await readRevisions(stream)).toEqual([0n, 1n, 2n, 3n, 4n]);
    // Positions come back as bigints, grow, and are not consecutive numbers.
    expect(second.position!.commit).toBeGreaterThan(first.position!.commit + 1n);
    expect(second.position!.prepare).toBe(second.position!.commit);
  });

  describe("expected revision", () => {
    it("ANY never checks", async () => {
      const { client } = harness();
      const stream = streamName();
      await client.appendToStream(stream, testEvent(), { expectedRevision: "any" });
      const result = await client.appendToStream(stream, testEvent(), { expectedRevision: "any" });
      expect(result.nextExpectedRevision).toBe(1n);
    });

    it("NO_STREAM succeeds only for a new stream", async () => {
      const { client } = harness();
      const stream = streamName();
      await client.appendToStream(stream, testEvents(2), { expectedRevision: NO_STREAM });
      const error = await client.appendToStream(stream, testEvent(), { expectedRevision: NO_STREAM }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: stream, expectedVersion: "no_stream", actualVersion: 1n });
    });

    it("STREAM_EXISTS fails for a new stream", async () => {
      const { client } = harness();
      const stream = streamName();
      const error = await client.appendToStream(stream, testEvent(), { expectedRevision: STREAM_EXISTS }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ expectedVersion: "stream_exists", actualVersion: "no_stream" });
      await client.appendToStream(stream, testEvent());
      const ok = await client.appendToStream(stream, testEvent(), { expectedRevision: STREAM_EXISTS });
      expect(ok.nextExpectedRevision).toBe(1n);
    });

    it("STREAM_EXISTS accepts a stream that has only metadata", async () => {
      const { client } = harness();
      const stream = streamName();
      await client.setStreamMetadata(stream, { maxCount: 10 });
      const result = await client.appendToStream(stream, testEvent(), { expectedRevision: STREAM_EXISTS });
      expect(result.nextExpectedRevision).toBe(0n);
    });

    it("an exact revision must equal the last revision", async () => {
      const { client } = harness();
      const stream = streamName();
      const missing = await client.appendToStream(stream, testEvent(), { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(missing).toMatchObject({ expectedVersion: 0n, actualVersion: "no_stream" });
      await client.appendToStream(stream, testEvents(3));
      const stale = await client.appendToStream(stream, testEvent(), { expectedRevision: 1n }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(WrongExpectedVersionError);
      expect(stale).toMatchObject({ expectedVersion: 1n, actualVersion: 2n });
      const ok = await client.appendToStream(stream, testEvent(), { expectedRevision: 2n });
      expect(ok.nextExpectedRevision).toBe(3n);
    });

    it("lets exactly one of several concurrent appends at the same revision win", async () => {
      const { client } = harness();
      const stream = streamName();
      await client.appendToStream(stream, testEvent());
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => client.appendToStream(stream, testEvents(2), { expectedRevision: 0n })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await readRevisions(stream)).toEqual([0n, 1n, 2n]);
    });
  });

  describe("idempotency by event id", () => {
    it("a retry at the same exact revision returns the original result and writes nothing", async () => {
      const { client } = harness();
      const stream = streamName();
      await client.appendToStream(stream, testEvent());
      const events = testEvents(2);
      const original = await client.appendToStream(stream, events, { expectedRevision: 0n });
      await client.appendToStream(stream, testEvent());
      const retry = await client.appendToStream(stream, events, { expectedRevision: 0n });
      expect(retry).toEqual(original);
      expect(await readRevisions(stream)).toEqual([0n, 1n, 2n, 3n]);
    });

    it("a retry with NO_STREAM returns the original result", async () => {
      const { client } = harness();
      const stream = streamName();
      const events = testEvents(3);
      const original = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      const retry = await client.appendToStream(stream, events, { expectedRevision: NO_STREAM });
      expect(retry).toEqual(original);
      expect(await readRevisions(stream)).toHaveLength(3);
    });

    it("a partial match is a wrong expected version", async () => {
      const { client } = harness();
      const stream = streamName();
      const [a, b] = testEvents(2);
      await client.appendToStream(stream, [a!, b!], { expectedRevision: NO_STREAM });
      const error = await client.appendToStream(stream, [a!, testEvent()], { expectedRevision: NO_STREAM }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(await readRevisions(stream)).toHaveLength(2);
    });

    it("with ANY, a retry of recent ids writes nothing", async () => {
      const { client } = harness();
      const stream = streamName();
      const events = testEvents(2);
      const original = await client.appendToStream(stream, events);
      const retry = await client.appendToStream(stream, events);
      expect(retry).toEqual(original);
      expect(await readRevisions(stream)).toHaveLength(2);
    });
  });

  describe("event ids", () => {
    it("come back lower-cased", async () => {
      const { client } = harness();
      const stream = streamName();
      const id = randomUUID();
      await client.appendToStream(stream, testEvent("TestEvent", {}, id.toUpperCase()));
      const [read] = await collect(client.readStream(stream));
      expect(read?.event?.id).toBe(id);
    });

    it("fail the append when unparsable, surfacing as UnknownError", async () => {
      const { client } = harness();
      const stream = streamName();
      const error = await client.appendToStream(stream, testEvent("TestEvent", {}, "not-a-uuid")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnknownError);
      expect(await client.appendToStream(stream, testEvent(), { expectedRevision: NO_STREAM })).toMatchObject({ success: true });
    });
  });

  describe("record contents", () => {
    it("keeps type, content type, data, custom metadata and creation time", async () => {
      const { client } = harness();
      const stream = streamName();
      const before = Date.now();
      await client.appendToStream(stream, [
        testEvent("Json", { a: [1, "two"] }),
        binaryEvent({ type: "Binary", data: Uint8Array.from([0, 1, 255]), metadata: Uint8Array.from([9, 8]) }),
      ]);
      const after = Date.now();
      const [json, binary] = (await collect(client.readStream(stream))).map((e) => e.event!);
      expect(json).toMatchObject({ type: "Json", isJson: true, data: { a: [1, "two"] }, streamId: stream });
      expect(binary).toMatchObject({ type: "Binary", isJson: false });
      expect(Array.from(binary!.data as Uint8Array)).toEqual([0, 1, 255]);
      expect(Array.from(binary!.metadata as Uint8Array)).toEqual([9, 8]);
      expect(json!.created.getTime()).toBeGreaterThanOrEqual(before);
      expect(json!.created.getTime()).toBeLessThanOrEqual(after);
    });
  });

  describe("maximum append size", () => {
    // data + metadata + 2 x type length, per append; this server allows 1024.
    const sized = (dataBytes: number) => binaryEvent({ type: "T", data: new Uint8Array(dataBytes) });

    it("accepts an append of exactly the maximum size", async () => {
      const { client } = harness();
      await expect(client.appendToStream(streamName(), sized(1022))).resolves.toMatchObject({ success: true });
    });

    it("rejects a larger append as a whole", async () => {
      const { client } = harness();
      const stream = streamName();
      const error = await client.appendToStream(stream, [sized(600), sized(600)]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1024 });
      await expect(collect(client.readStream(stream))).rejects.toMatchObject({ type: "stream-not-found" });
    });
  });

  it("refuses to append to a tombstoned stream", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvent());
    await client.tombstoneStream(stream);
    await expect(client.appendToStream(stream, testEvent())).rejects.toBeInstanceOf(StreamDeletedError);
  });
});

describe.each(APPEND_MODES)("appending via $name without throwOnAppendFailure", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend }, "&throwOnAppendFailure=false");

  it("reports a wrong expected version as an unsuccessful result", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(3));
    const result = await client.appendToStream(stream, testEvent(), { expectedRevision: 0n });
    // Client 6.2.1 quirk: over BatchAppend it reports BigInt(hasCurrentStreamRevision()) = 1n.
    expect(result).toEqual({ success: false, nextExpectedRevision: batchAppend ? 1n : 2n, position: undefined });
  });
});

describe("default maximum append size", () => {
  const harness = useTestServer();

  it("is 1 MiB", async () => {
    const { client } = harness();
    const type = "T";
    await expect(client.appendToStream(streamName(), binaryEvent({ type, data: new Uint8Array(1024 * 1024 - 2) }))).resolves.toMatchObject({
      success: true,
    });
    await expect(client.appendToStream(streamName(), binaryEvent({ type, data: new Uint8Array(1024 * 1024 - 1) }))).rejects.toMatchObject({
      maxAppendSize: 1024 * 1024,
    });
  });
});

describe.each(APPEND_MODES)("idempotency of ANY via $name with a small id cache", ({ batchAppend }) => {
  it("writes a retry again once its ids were evicted", async () => {
    const server = await startTestServer({ batchAppend, idempotencyCacheSize: 4 });
    const client = EventStoreDBClient.connectionString(server.connectionString);
    try {
      const stream = streamName();
      const events = testEvents(2);
      await client.appendToStream(stream, events);
      await client.appendToStream(streamName(), testEvents(4));
      await client.appendToStream(stream, events);
      expect(await collect(client.readStream(stream))).toHaveLength(4);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});
