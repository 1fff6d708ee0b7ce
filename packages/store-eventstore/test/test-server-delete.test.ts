import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { describe, expect, it } from "vitest";
import { APPEND_MODES, collect, streamName, testEvent, testEvents, useTestServer } from "./test-server-fixture.js";

describe.each(APPEND_MODES)("soft delete, recreating via $name", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend });
  const revisions = async (stream: string) => (await collect(harness().client.readStream(stream))).map((e) => e.event?.revision);

  it("makes reads say not found and records $tb = long.MaxValue", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    const { position } = await client.deleteStream(stream);
    expect(position?.commit).toBeGreaterThan(0n);
    await expect(collect(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    const { metadata } = await client.getStreamMetadata(stream);
    expect(metadata?.truncateBefore).toBeGreaterThanOrEqual(9.2e18);
  });

  it("is undone by the next append: revisions continue and old events stay hidden", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    await client.deleteStream(stream);
    const result = await client.appendToStream(stream, testEvents(3));
    expect(result.nextExpectedRevision).toBe(4n);
    expect(await revisions(stream)).toEqual([2n, 3n, 4n]);
    const { metadata } = await client.getStreamMetadata(stream);
    expect(metadata?.truncateBefore).toBe(2);
  });

  it("keeps the other metadata when undeleted", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    // A soft delete replaces the metadata; setting $tb to long.MaxValue by hand keeps the rest.
    await client.setStreamMetadata(stream, { truncateBefore: 2 ** 63, custom: 1 });
    await expect(collect(client.readStream(stream))).rejects.toBeInstanceOf(StreamNotFoundError);
    await client.appendToStream(stream, testEvent());
    expect((await client.getStreamMetadata(stream)).metadata).toEqual({ truncateBefore: 2, custom: 1 });
  });

  it("accepts NO_STREAM for the first write after the delete only", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    await client.deleteStream(stream, { expectedRevision: 1n });
    const recreated = await client.appendToStream(stream, testEvents(3), { expectedRevision: NO_STREAM });
    expect(recreated.nextExpectedRevision).toBe(4n);
    await expect(client.appendToStream(stream, testEvent(), { expectedRevision: NO_STREAM })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
  });

  it("accepts the last revision before the delete", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(1));
    await client.deleteStream(stream);
    const recreated = await client.appendToStream(stream, testEvents(3), { expectedRevision: 0n });
    expect(recreated.nextExpectedRevision).toBe(3n);
    expect(await revisions(stream)).toEqual([1n, 2n, 3n]);
  });

  it("turns STREAM_EXISTS into StreamDeletedError", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(1));
    await client.deleteStream(stream);
    await expect(client.appendToStream(stream, testEvent(), { expectedRevision: STREAM_EXISTS })).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });

  it("is also undone by setting metadata, which then truncates the old events", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    await client.deleteStream(stream);
    await client.setStreamMetadata(stream, { maxCount: 100 });
    expect(await collect(client.readStream(stream))).toEqual([]);
    expect((await client.getStreamMetadata(stream)).metadata).toEqual({ maxCount: 100, truncateBefore: 2 });
  });

  it("leaves the deleted events in $all", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    await client.deleteStream(stream);
    const all = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 3 }));
    expect(all.map((e) => [e.event?.streamId, e.event?.type])).toEqual([
      [`$$${stream}`, "$metadata"],
      [stream, "TestEvent"],
      [stream, "TestEvent"],
    ]);
  });
});

describe("deleting with an expected revision", () => {
  const harness = useTestServer();

  it("reports a mismatch as WrongExpectedVersionError built from trailing metadata", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(3));
    const error = await client.deleteStream(stream, { expectedRevision: 0n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 2n });
    // Without a stream, the versions are the server's raw numbers: -1 is "no stream".
    const missing = streamName();
    const noStream = await client.tombstoneStream(missing, { expectedRevision: 0n }).catch((e: unknown) => e);
    expect(noStream).toMatchObject({ streamName: missing, expectedVersion: 0n, actualVersion: -1n });
  });

  it("refuses soft-deleting a stream that was never written, whatever revision is sent, as the server's storage writer does", async () => {
    const { client } = harness();
    for (const expectedRevision of [NO_STREAM, ANY, 0n] as const) {
      const missing = streamName();
      const error = await client.deleteStream(missing, { expectedRevision }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamName: missing, actualVersion: -1n });
    }
  });

  it("soft-deletes a stream that has only metadata", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.setStreamMetadata(stream, { maxCount: 5 });
    await expect(client.deleteStream(stream, { expectedRevision: NO_STREAM })).resolves.toHaveProperty("position");
  });

  it("tombstones a stream that does not exist with NO_STREAM or ANY", async () => {
    const { client } = harness();
    await expect(client.tombstoneStream(streamName(), { expectedRevision: NO_STREAM })).resolves.toHaveProperty("position");
    await expect(client.tombstoneStream(streamName(), { expectedRevision: ANY })).resolves.toHaveProperty("position");
  });
});

describe.each(APPEND_MODES)("tombstones, appending via $name", ({ batchAppend }) => {
  const harness = useTestServer({ batchAppend });

  it("block the stream name for good", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(2));
    const { position } = await client.tombstoneStream(stream);
    expect(position?.commit).toBeGreaterThan(0n);

    const readError = await collect(client.readStream(stream)).catch((e: unknown) => e);
    expect(readError).toBeInstanceOf(StreamDeletedError);
    expect(readError).toMatchObject({ streamName: stream });
    const appendError = await client.appendToStream(stream, testEvent()).catch((e: unknown) => e);
    expect(appendError).toBeInstanceOf(StreamDeletedError);
    expect(appendError).toMatchObject({ streamName: stream });
    await expect(client.getStreamMetadata(stream)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.setStreamMetadata(stream, { maxCount: 1 })).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.deleteStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(client.tombstoneStream(stream)).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it("appear in $all as a $streamDeleted event at revision long.MaxValue", async () => {
    const { client } = harness();
    const stream = streamName();
    await client.appendToStream(stream, testEvents(1));
    await client.tombstoneStream(stream);
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(last?.event).toMatchObject({ streamId: stream, type: "$streamDeleted", revision: 9223372036854775807n });
  });
});
